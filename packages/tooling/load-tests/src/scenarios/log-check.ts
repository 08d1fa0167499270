import type { ScenarioRecorder } from './scenario-report.js';

/** The server logs reasons for refusals, never credentials: no token's signature may appear in its output. */
export function checkNoTokensLogged(recorder: ScenarioRecorder, output: string, tokens: readonly string[]): void {
  const sample = tokens.length > 500 ? tokens.filter((_, i) => i % Math.ceil(tokens.length / 500) === 0) : tokens;
  const leaked = sample.filter((token) => {
    const signature = token.split('.')[2] ?? token;
    return signature.length >= 16 && output.includes(signature.slice(-32));
  });
  recorder.check(
    'no token in the server log',
    leaked.length === 0,
    `${sample.length} tokens looked for in ${output.length} bytes of log`,
  );
}

/** Why the server refused credentials, from its (rate-limited) log lines: a figure for the notes. */
export function rejectionReasons(recorder: ScenarioRecorder, output: string): void {
  const counts = new Map<string, number>();
  for (const match of output.matchAll(/Rejected credentials on \S+: ([\w-]+)/g))
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  const summary = [...counts].map(([reason, n]) => `${reason}×${n}`).join(' ');
  recorder.figure('refusal reasons in the server log (rate-limited sample)', summary || 'none');
}
