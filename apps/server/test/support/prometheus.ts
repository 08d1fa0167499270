import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from '@stack/test-kit';

/** Debian's Prometheus (`apt-get install prometheus`; .ci/run installs it). */
export const PROMETHEUS = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

export interface RunningPrometheus {
  url: string;
  /** An instant PromQL query; the result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The loaded rule groups, as `GET /api/v1/rules` reports them. */
  rules(): Promise<{ name: string; rules: { name: string; health: string }[] }[]>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on 127.0.0.1 with its own storage in a temp dir, scraping `target`
 * (host:port of a /metrics listener) every 500 ms as job `stack-api`, with `ruleFiles` loaded.
 */
export async function startPrometheus(target: string, ruleFiles: string[]): Promise<RunningPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global: { scrape_interval: 500ms, evaluation_interval: 500ms }',
      `rule_files: [${ruleFiles.map((f) => JSON.stringify(f)).join(', ')}]`,
      'scrape_configs:',
      '  - job_name: stack-api',
      `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  // Ready once it has loaded its config and storage (it logs "Server is ready to receive web requests").
  const deadline = Date.now() + 20_000;
  while (!output.includes('Server is ready to receive web requests')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const body = (await (await fetch(`${url}${pathAndQuery}`)).json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus: ${body.error ?? body.status}`);
    return body.data;
  };
  return {
    url,
    query: async (promql) =>
      (
        await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(promql)}`,
        )
      ).result,
    rules: async () =>
      (await api<{ groups: { name: string; rules: { name: string; health: string }[] }[] }>('/api/v1/rules')).groups,
    output: () => output,
    stop,
  };
}
