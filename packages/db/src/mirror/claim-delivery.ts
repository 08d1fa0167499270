import type { Tx } from '../database.js';
import { webhookClaims } from '../schema/webhook-claims.js';

/** Claims a webhook message id; false when it was claimed (applied) before. Call it first in the transaction. */
export async function claimDelivery(tx: Tx, svixId: string, eventType: string): Promise<boolean> {
  const rows = await tx
    .insert(webhookClaims)
    .values({ svixId, eventType })
    .onConflictDoNothing({ target: webhookClaims.svixId })
    .returning({ svixId: webhookClaims.svixId });
  return rows.length === 1;
}
