/**
 * `pk_live_` + base64(host + '$') without padding. The SDK requires the decoded host to contain
 * a '.' and end in exactly one '$'; `pk_live_` keeps clerk-js out of dev-browser mode.
 */
export function publishableKeyFor(frontendApiHost: string): string {
  return (
    'pk_live_' +
    Buffer.from(frontendApiHost + '$', 'utf8')
      .toString('base64')
      .replace(/=+$/, '')
  );
}
