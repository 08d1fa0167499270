/** The parts of an HTTP request authentication looks at, as Node (Express, Fastify) gives them. */
export interface RequestLike {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export function headerValues(req: RequestLike, name: string): string[] {
  const value = req.headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
