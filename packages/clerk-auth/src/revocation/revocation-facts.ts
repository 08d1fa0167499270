import type { RevocationFact } from '@stack/contracts';

/** Hears every fact as it is applied, and a reset when the whole list was reloaded (after a gap). */
export interface RevocationListener {
  onFact(fact: RevocationFact): void;
  onReset(): void;
}
