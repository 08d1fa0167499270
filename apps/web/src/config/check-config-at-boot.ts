import { WebConfigError } from './config-error';

/**
 * A configuration the app cannot run with stops the server here, with exit code 1 and a message
 * naming each variable, as the API server does (apps/server/src/main.ts), instead of failing on
 * the first request.
 */
export async function checkConfigAtBoot(): Promise<void> {
  try {
    const { serverEnv } = await import('../server-env');
    serverEnv();
  } catch (error) {
    if (!(error instanceof WebConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
