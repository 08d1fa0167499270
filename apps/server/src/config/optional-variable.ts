import { z } from 'zod';

/** An optional variable: unset and empty (`FOO=` in an env file) mean the same. */
export const optionalVariable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
