/** A fixed, locale-free rendering: the server's HTML and the browser's first render must agree. */
export function noteTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
