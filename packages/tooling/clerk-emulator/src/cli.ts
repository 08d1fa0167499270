#!/usr/bin/env node
// Standalone development server: node -- dist/cli.js [--port 4010] [--seed file] [--env-file .env.clerk] …
// (`--`: Node 20 would otherwise grab --env-file as its own option.)
import { resolve } from 'node:path';

import { clerkEnv, writeEnvFile } from './cli/env-file.js';
import { parseCliArgs, USAGE } from './cli/parse-cli-args.js';
import { startClerkEmulator } from './start-clerk-emulator.js';
import { describeAttempt } from './webhooks/describe-attempt.js';
import { WEBHOOK_LOG_PATH } from './webhooks/webhook-log-route.js';
import { SVIX_RETRY_SCHEDULE } from './webhooks/webhook-options.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startClerkEmulator({
    port: args.port,
    host: args.host,
    // Without a seed: a new instance (Clerk's default roles, no users).
    ...(args.seed ? { seed: resolve(args.seed) } : {}),
    keyFile: resolve(args.dataDir, 'instance.json'),
    ...(args.inMemory ? {} : { storeFile: resolve(args.dataDir, 'store.json') }),
    latencyMs: args.latencyMs,
    allowedOrigins: args.allowedOrigins,
    // There is no mail: the code the user would have been emailed is printed.
    onVerificationCode: (email, code) => console.log(`  verification code for ${email}: ${code}`),
    webhooks: {
      endpoints: args.webhookUrls,
      ...(args.webhookSecret === undefined ? {} : { secret: args.webhookSecret }),
      retrySchedule: SVIX_RETRY_SCHEDULE.map((ms) => Math.round(ms * args.webhookRetryScale)),
      onAttempt: (record, attempt) => console.log(`  ${describeAttempt(record, attempt)}`),
    },
  });
  if (args.envFile) await writeEnvFile(resolve(args.envFile), emulator);

  const users = emulator.users.list({ orderBy: { field: 'created_at', direction: 'asc' } });
  console.log(
    [
      `Clerk emulator listening on ${emulator.url}`,
      ...Object.entries(clerkEnv(emulator))
        .filter(([key]) => key !== 'CLERK_JWT_KEY' && key !== 'CLERK_WEBHOOK_SIGNING_SECRET')
        .map(([key, value]) => `  ${key}=${value}`),
      `  issuer ${emulator.issuer}, kid ${emulator.kid}`,
      `  scripts ${emulator.scripts.packages.map((p) => `${p.name}@${p.version}`).join(', ')} at ${emulator.url}/npm/…`,
      `  sign-up verification code: ${emulator.verificationCode}`,
      `  allowed origins: ${[emulator.url, ...emulator.allowedOrigins].join(', ')}`,
      `  webhooks: ${
        emulator.webhooks.endpoints.length === 0
          ? '(no endpoints; --webhook-url <url>)'
          : emulator.webhooks.endpoints.join(', ')
      } (delivery log: ${emulator.url}${WEBHOOK_LOG_PATH})`,
      `  CLERK_WEBHOOK_SIGNING_SECRET=${emulator.webhooks.secret}`,
      ...(args.envFile ? [`  wrote ${resolve(args.envFile)}`] : []),
      `  users: ${users.length === 0 ? '(none)' : users.map((u) => u.email).join(', ')}`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, shutting down`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
