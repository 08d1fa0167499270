import { WEB_ORIGIN } from '@stack/test-harness';

import { type BenchIdentity, NOTES_ORG_ID } from '../bench-emulator.js';

/** Streams one user may hold (the server's SSE_MAX_STREAMS_PER_USER default). */
const STREAMS_PER_USER = 10;

export interface RealtimeTokens {
  /** `Bearer …` of distinct users on their personal account, for the streams-held case. */
  personal: string[];
  /** `Bearer …` of distinct members of the bench organization, for the fan-out cases. */
  members: string[];
}

/**
 * Enough users for `streams` streams at the per-user limit (each token is used for at most
 * STREAMS_PER_USER), `members` of them members of the bench organization: the streams are held by
 * as many people as a real deployment's would be, not by one user over the limit.
 */
export async function realtimeTokens(
  identity: BenchIdentity,
  options: { streams: number; subscribers: number; lifetimeSeconds: number },
): Promise<RealtimeTokens> {
  const { emulator } = identity;
  const users = Math.ceil(options.streams / STREAMS_PER_USER);
  const members = Math.ceil(options.subscribers / STREAMS_PER_USER);
  const mint = (userId: string, organizationId: string | null) =>
    emulator
      .mintSessionToken({ userId, azp: WEB_ORIGIN, organizationId, expiresInSeconds: options.lifetimeSeconds })
      .then((token) => `Bearer ${token}`);
  const tokens: RealtimeTokens = { personal: [], members: [] };
  for (let i = 0; i < Math.max(users, members); i++) {
    const user = await emulator.users.create({ email: `live-${i}@example.com`, firstName: 'Live', lastName: `${i}` });
    if (i < users) tokens.personal.push(await mint(user.id, null));
    if (i < members) {
      emulator.organizations.addMember(NOTES_ORG_ID, user.id, 'org:member');
      tokens.members.push(await mint(user.id, NOTES_ORG_ID));
    }
  }
  return tokens;
}
