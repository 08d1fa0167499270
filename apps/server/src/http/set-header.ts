/** Sets a response header on Express's response or Fastify's reply alike. */
export function setHeader(res: unknown, name: string, value: string): void {
  const target = res as { header?: (n: string, v: string) => unknown; setHeader?: (n: string, v: string) => unknown };
  if (typeof target.setHeader === 'function') target.setHeader(name, value);
  else target.header?.(name, value);
}
