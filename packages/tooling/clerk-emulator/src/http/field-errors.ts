import { ClerkApiError, type ClerkErrorItem } from './clerk-error.js';

/**
 * Collects field errors for one request so the client gets all of them in one 422,
 * and nothing is applied unless every field is valid.
 */
export class FieldErrors {
  readonly items: ClerkErrorItem[] = [];

  add(item: ClerkErrorItem): void {
    this.items.push(item);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new ClerkApiError(422, this.items);
  }
}
