import { loadWebConfig, type WebConfig } from './config/web-config';

/**
 * What `next build` inlined: written as `process.env.NEXT_PUBLIC_…` so that Next replaces each with
 * the value it had when the app was built, exactly as in the browser's JavaScript.
 */
const builtClerkEnv = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
  NEXT_PUBLIC_CLERK_PROXY_URL: process.env.NEXT_PUBLIC_CLERK_PROXY_URL,
};

let config: WebConfig | undefined;

/**
 * The web server's configuration, validated on first use (not on import: `next build` imports the
 * pages without running them, and without the runtime variables). `instrumentation.ts` reads it
 * when the server starts, so a bad variable stops the process there, naming the variable.
 * Holds the secret key: server code only (the proxy reads it too).
 */
export function serverEnv(): WebConfig {
  return (config ??= loadWebConfig(process.env, builtClerkEnv, {
    development: process.env.NODE_ENV === 'development',
  }));
}
