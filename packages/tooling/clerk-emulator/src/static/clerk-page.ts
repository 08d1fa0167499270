export interface ClerkPageOptions {
  readonly publishableKey: string;
  /** `data-clerk-proxy-url`: where clerk-js sends Frontend API calls (relative or absolute). */
  readonly proxyUrl: string;
  readonly clerkJsUrl: string;
  readonly clerkUiUrl: string;
  /** What the page's server decided (`authenticateRequest` status), shown as `data-auth-status`. */
  readonly authStatus?: string;
  readonly userId?: string | null;
  /** Mount <SignIn/> (or <SignUp/> with `?sign-up`) when signed out, <UserButton/> when signed in. */
  readonly autoMount?: boolean;
  /** Where the components send the user around (sign-in, sign-up, after sign-out). */
  readonly homePath?: string;
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A minimal page that boots clerk-js the way @clerk/react's IsomorphicClerk does: the clerk-js
 * script tag (publishable key and proxy URL as data attributes), then the @clerk/ui bundle, then
 * `Clerk.load({ ui: { ClerkUI } })` with telemetry off. `window.__boot` reports 'ready' or the error.
 */
export function renderClerkPage(options: ClerkPageOptions): string {
  const home = options.homePath ?? '/';
  const config = JSON.stringify({ clerkUi: options.clerkUiUrl, autoMount: options.autoMount ?? false, home }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Clerk emulator</title>
<script>window.__clerk_publishable_key = ${JSON.stringify(options.publishableKey).replace(/</g, '\\u003c')}; window.__clerk_proxy_url = ${JSON.stringify(options.proxyUrl).replace(/</g, '\\u003c')};</script>
<script src="${escapeAttr(options.clerkJsUrl)}" data-clerk-js-script async crossorigin="anonymous" data-clerk-publishable-key="${escapeAttr(options.publishableKey)}" data-clerk-proxy-url="${escapeAttr(options.proxyUrl)}"></script>
</head>
<body data-auth-status="${escapeAttr(options.authStatus ?? '')}" data-auth-user="${escapeAttr(options.userId ?? '')}" style="font-family: sans-serif; margin: 2rem">
<main><p id="status"></p><div id="sign-in"></div><div id="sign-up"></div><div id="user-button"></div></main>
<script type="module">
const config = ${config};
const loadScript = (src) => new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = src; script.async = true; script.crossOrigin = 'anonymous'; script.setAttribute('data-clerk-ui-script', '');
  script.onload = resolve; script.onerror = () => reject(new Error('could not load ' + src));
  document.head.append(script);
});
async function boot() {
  const deadline = Date.now() + 15000;
  while (!window.Clerk) { if (Date.now() > deadline) throw new Error('clerk-js did not load'); await new Promise((r) => setTimeout(r, 20)); }
  await loadScript(config.clerkUi);
  if (!window.__internal_ClerkUICtor) throw new Error('@clerk/ui did not register');
  await window.Clerk.load({
    ui: { ClerkUI: window.__internal_ClerkUICtor },
    telemetry: false,
    signInUrl: config.home,
    signUpUrl: config.home + '?sign-up',
    afterSignOutUrl: config.home,
  });
  window.__boot = 'ready';
  if (!config.autoMount) return;
  const clerk = window.Clerk;
  const status = document.getElementById('status');
  if (clerk.user) {
    status.textContent = 'Signed in as ' + (clerk.user.primaryEmailAddress?.emailAddress ?? clerk.user.id);
    clerk.mountUserButton(document.getElementById('user-button'));
  } else if (location.search.includes('sign-up')) {
    clerk.mountSignUp(document.getElementById('sign-up'), { routing: 'hash', fallbackRedirectUrl: config.home, signInUrl: config.home });
  } else {
    clerk.mountSignIn(document.getElementById('sign-in'), { routing: 'hash', fallbackRedirectUrl: config.home, signUpUrl: config.home + '?sign-up' });
  }
}
window.__boot = 'loading';
boot().catch((error) => { window.__boot = 'error: ' + error.message; });
</script>
</body></html>`;
}
