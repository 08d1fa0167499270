import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROMTOOL = process.env['PROMTOOL_BIN'] ?? '/usr/bin/promtool';
const dir = fileURLToPath(new URL('../../ops/prometheus/', import.meta.url));

/** The shipped alert rules, through Prometheus's own checker and its rule unit tests (alerts.test.yml). */
describe('Prometheus alert rules (ops/prometheus)', () => {
  it('pass `promtool check rules`', async () => {
    expect(existsSync(PROMTOOL), `${PROMTOOL} is missing: apt-get install prometheus (.ci/run does)`).toBe(true);
    const { stdout } = await run(PROMTOOL, ['check', 'rules', 'alerts.rules.yml'], { cwd: dir });
    expect(stdout).toContain('SUCCESS: 8 rules found');
  });

  it('pass `promtool test rules`: each alert fires when it should and stays quiet otherwise', async () => {
    const { stdout } = await run(PROMTOOL, ['test', 'rules', 'alerts.test.yml'], { cwd: dir });
    expect(stdout).toContain('SUCCESS');
  });
});
