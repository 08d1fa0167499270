import type { z } from 'zod';

// Text shown to other people (names, note titles and bodies) is free of what would mislead or break
// its display: control characters, bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) and the other format characters, line/paragraph separators and lone surrogates
// (not text; they break UTF-8 encoders downstream). Zero-width non-joiner and joiner (U+200C,
// U+200D) are format characters too, but ordinary text: Persian and Indic names need them, and so
// do emoji sequences.
const SINGLE_LINE = /^(?:[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|[\u200C\u200D])*$/u;
// A note body is prose: line breaks and tabs are text there, every other rule stays.
const MULTI_LINE = /^(?:[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|[\u200D\u200C\n\t])*$/u;

export const displayText = (schema: z.ZodString, lines: 'single' | 'multi' = 'single'): z.ZodString =>
  schema.regex(lines === 'multi' ? MULTI_LINE : SINGLE_LINE, 'Must not contain control characters');
