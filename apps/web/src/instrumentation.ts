/**
 * Runs once when the Next server starts, before it serves anything (Next's instrumentation hook).
 * Node.js only: the configuration check exits the process, which the Edge runtime cannot.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigAtBoot } = await import('./config/check-config-at-boot');
    await checkConfigAtBoot();
  }
}
