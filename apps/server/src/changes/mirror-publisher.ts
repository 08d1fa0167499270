import { type MirrorPublisher, publish } from '@stack/db';

import { INSTANCE_ID } from './instance-id.js';

/**
 * Announces a mirror write on the change bus from inside its transaction: the other instances
 * hear of it only if it commits, and then drop those users and organizations from their caches
 * and apply its revocations.
 */
export const publishMirrorChange: MirrorPublisher = async (tx, change) => {
  for (const id of change.users) await publish(tx, { kind: 'user', id, origin: INSTANCE_ID });
  for (const id of change.orgs) await publish(tx, { kind: 'org', id, origin: INSTANCE_ID });
  for (const fact of change.revocations) await publish(tx, { kind: 'revocation', fact, origin: INSTANCE_ID });
};
