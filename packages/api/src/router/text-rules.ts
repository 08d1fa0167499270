import type { z } from 'zod';

/**
 * Text shown to people (names, note titles and bodies) must be free of control and format
 * characters and of lone surrogates (which are not text and break UTF-8 encoders downstream).
 */
export const displayText = (schema: z.ZodString): z.ZodString =>
  schema.regex(/^[^\p{Cc}\p{Cf}\p{Cs}]*$/u, 'Must not contain control characters');
