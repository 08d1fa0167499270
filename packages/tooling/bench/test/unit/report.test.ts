import { describe, expect, it } from 'vitest';

import {
  checkNotesTargets,
  checkRealtimeTargets,
  checkTargets,
  type CpuProfile,
  defenceRatios,
  formatDefenceRatios,
  formatNoise,
  formatNotesTable,
  formatRealtimeTables,
  formatReferenceLines,
  formatTable,
  gcPerRequest,
  GcTrace,
  inclusiveShares,
  median,
  packageOf,
  parseBenchOptions,
  parseCpuTimeMs,
  parseVmHwm,
  type RealtimeResult,
  type Sample,
  summarize,
  summarizeNotes,
  summarizeProfile,
} from '../../src/index.js';

// The harness's own arithmetic and formatting; no server, no timing.
const sample = (contender: Sample['contender'], round: number, over: Partial<Sample> = {}): Sample => ({
  contender,
  round,
  requests: 10_000,
  sent: 10_000,
  requestsPerSecond: 1_000,
  p50: 10,
  p99: 20,
  errors: 0,
  backendApiCalls: 0,
  jwksFetches: 0,
  peakRssBytes: 100 * 1024 * 1024,
  cpuMicrosPerRequest: 100,
  coldStartMs: 500,
  ...over,
});
const order = [
  { id: 'floor', label: 'floor' },
  { id: 'ours-1', label: 'ours' },
  { id: 'seed', label: 'seed' },
] as const;

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('summarize', () => {
  const samples = [
    sample('floor', 1, { requestsPerSecond: 1_000, p99: 20 }),
    sample('floor', 2, { requestsPerSecond: 3_000, p99: 40 }),
    sample('ours-1', 1, {
      requestsPerSecond: 2_400,
      p99: 25,
      errors: 1,
      backendApiCalls: 3,
      peakRssBytes: 150 * 1024 * 1024,
    }),
    sample('ours-1', 2, { requestsPerSecond: 2_000, p99: 35, errors: 2, backendApiCalls: 1 }),
    sample('seed', 1, { requestsPerSecond: 500, backendApiCalls: 10_000, jwksFetches: 1 }),
  ];
  const [floor, ours, seed] = summarize(samples, order);

  it('takes medians per contender and ratios to the floor', () => {
    expect(floor).toMatchObject({ requestsPerSecond: 2_000, p99: 30, throughputVsFloor: 1, p99VsFloor: 1, rounds: 2 });
    expect(ours).toMatchObject({ requestsPerSecond: 2_200, p99: 30, throughputVsFloor: 1.1, p99VsFloor: 1 });
    expect(seed!.throughputVsFloor).toBe(0.25);
  });

  it('adds up errors, Backend API calls per request and JWKS fetches; keeps the worst RSS', () => {
    expect(ours).toMatchObject({ errors: 3, backendCallsPerRequest: 4 / 20_000, peakRssBytes: 150 * 1024 * 1024 });
    expect(seed).toMatchObject({ backendCallsPerRequest: 1, jwksFetchesAfterWarmup: 1 });
  });

  it('judges the gate by ours-1 against itself with the gate off, when both ran', () => {
    const [gated, open] = summarize(
      [sample('ours-1', 1, { requestsPerSecond: 960 }), sample('ours-1-open', 1, { requestsPerSecond: 1_000 })],
      [
        { id: 'ours-1', label: 'ours' },
        { id: 'ours-1-open', label: 'ours, gate off' },
      ],
    );
    const check = checkTargets([gated!, open!]).find((c) => c.target.includes('gate off'));
    expect(check).toMatchObject({ met: true, measured: '0.96× (CPU 100 vs 100 µs/req)' });
    expect(checkTargets([gated!]).some((c) => c.target.includes('gate off'))).toBe(false);
  });

  it('has no ratios without a floor', () => {
    expect(summarize([sample('ours-1', 1)], order)[0]).toMatchObject({ throughputVsFloor: null, p99VsFloor: null });
  });

  it('prints one aligned Markdown row per contender', () => {
    const lines = formatTable([floor!, ours!, seed!]).split('\n');
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[3]).toContain('1.10×');
    expect(lines[3]).toContain('2,200');
  });

  it('judges the targets on the medians', () => {
    const checks = checkTargets([floor!, ours!, seed!]);
    const verdict = (prefix: string) => checks.find((c) => c.target.startsWith(prefix))?.met;
    expect(verdict('ours-1 throughput ≥ 1.0× floor')).toBe(true);
    expect(verdict('ours-1 throughput ≥ 3× seed')).toBe(true);
    expect(verdict('ours-1 Backend API calls/request')).toBe(true);
    expect(verdict('ours-1 no errors')).toBe(false);
    expect(checks.some((c) => c.target.startsWith('ours-200'))).toBe(false);
  });

  it('judges the observability overhead within the run: on ÷ off', () => {
    const row = (contender: Sample['contender'], requestsPerSecond: number) =>
      summarize([sample(contender, 1, { requestsPerSecond })], [{ id: contender, label: contender }])[0]!;
    const checks = checkTargets([
      row('obs-off', 1_000),
      row('ours-1', 960),
      row('traced-100', 700),
      row('traced-10', 940),
    ]);
    const overhead = checks.filter((c) => c.target.includes('÷'));
    expect(overhead.map((c) => [c.measured, c.met])).toEqual([
      ['0.96×', true],
      ['0.73×', false],
      ['0.98×', true],
    ]);
  });
});

describe('parseBenchOptions', () => {
  it('has defaults, a quick preset and strict validation', () => {
    expect(parseBenchOptions([], '/out')).toMatchObject({
      rounds: 3,
      durationSeconds: 10,
      warmupSeconds: 10,
      latencyMs: 20,
      users: 200,
      outDir: '/out',
    });
    expect(parseBenchOptions(['--quick', '--only', 'floor,ours-1'], '/out')).toMatchObject({
      rounds: 1,
      durationSeconds: 3,
      only: ['floor', 'ours-1'],
    });
    expect(() => parseBenchOptions(['--only', 'nginx'], '/out')).toThrow(/unknown contender/);
    expect(() => parseBenchOptions(['--rounds', '0'], '/out')).toThrow(/--rounds/);
    expect(() => parseBenchOptions(['--fast'], '/out')).toThrow();
  });
});

describe('notes cases', () => {
  const notes = (contender: Parameters<typeof summarizeNotes>[0][number]['contender'], over: Partial<Sample> = {}) => ({
    ...sample('floor', 1, over),
    contender,
  });

  it('pairs each case with its own floor and tRPC alone, takes medians and judges issue 22’s targets', () => {
    const samples = [
      notes('list/floor/pglite', { requestsPerSecond: 1_000, p99: 20 }),
      notes('list/floor/pglite', { requestsPerSecond: 1_200, p99: 40 }),
      notes('list/trpc/pglite', { requestsPerSecond: 700 }),
      notes('list/ours/pglite', { requestsPerSecond: 900, p99: 30 }),
      notes('list/ours/pglite', { requestsPerSecond: 700, p99: 40 }),
      notes('create/floor/postgres', { requestsPerSecond: 1_000, p99: 10 }),
      notes('create/trpc/postgres', { requestsPerSecond: 500 }),
      notes('create/ours/postgres', { requestsPerSecond: 590, p99: 13, errors: 1 }),
      // A case without its floor is left out rather than compared with another case's.
      notes('list/ours/postgres'),
    ];
    const cases = [
      { op: 'list', database: 'pglite' },
      { op: 'create', database: 'postgres' },
      { op: 'list', database: 'postgres' },
    ] as const;
    const [list, create, ...rest] = summarizeNotes(samples, cases);
    expect(rest).toEqual([]);
    expect(list).toMatchObject({
      throughputVsFloor: 800 / 1_100,
      p99VsFloor: 35 / 30,
      throughputVsReference: 800 / 700,
    });
    expect(create).toMatchObject({ throughputVsFloor: 0.59, p99VsFloor: 1.3, throughputVsReference: 1.18 });
    const verdicts = checkNotesTargets([list!, create!]).map((c) => `${c.met ? 'met' : 'MISSED'} ${c.target}`);
    expect(verdicts).toEqual([
      // PGlite: against tRPC alone only (the database's own CPU dominates both).
      'met note.list on pglite throughput ≥ 1.1× tRPC alone',
      'met note.list on pglite no errors (any side)',
      'MISSED note.create on postgres throughput ≥ 1.2× tRPC alone',
      'MISSED note.create on postgres throughput ≥ 0.6× floor',
      'met note.create on postgres p99 ≤ 1.3× floor',
      'MISSED note.create on postgres no errors (any side)',
    ]);
    expect(formatNotesTable([list!]).split('\n')).toHaveLength(5);
  });

  it('sets ours against tRPC alone and against itself with the gate off, as rows and ratios', () => {
    const gc = { youngMicros: 150, fullMicros: 5, promotedKb: 25 };
    const samples = [
      notes('list/floor/postgres', { requestsPerSecond: 1_000 }),
      notes('list/trpc/postgres', { requestsPerSecond: 500 }),
      notes('list/ours/postgres', { requestsPerSecond: 600, cpuMicrosPerRequest: 900, gc: { ...gc, promotedKb: 10 } }),
      notes('list/ours-open/postgres', { requestsPerSecond: 480, cpuMicrosPerRequest: 1_100, gc }),
    ];
    const [list] = summarizeNotes(samples, [{ op: 'list', database: 'postgres' }]);
    expect(list).toMatchObject({ throughputVsFloor: 0.6, throughputVsReference: 1.2, throughputVsGateOff: 1.25 });
    const rows = formatNotesTable([list!]).split('\n').slice(2);
    expect(rows.map((r) => r.split('|')[3]!.trim())).toEqual([
      'floor: bare Fastify route',
      'reference: tRPC standalone',
      'ours: NestJS + tRPC + auth',
      'ours, admission gate off',
    ]);
    expect(rows[1]).toContain('0.50×');
    expect(rows[3]).toContain('150 + 5');
    expect(rows[3]).toContain('25.0');
    expect(formatReferenceLines([list!])).toBe(
      "  note.list on postgres: ours at 1.20× tRPC alone's throughput; gate on ÷ off: 1.25× throughput, " +
        'CPU 900 vs 1100 µs/req, promoted 10.0 vs 25.0 KB/req',
    );
    // Without the other sides there is no such line, and the ratios against them are not judged.
    const [alone] = summarizeNotes(
      samples.filter((s) => s.contender === 'list/floor/postgres' || s.contender === 'list/ours/postgres'),
      [{ op: 'list', database: 'postgres' }],
    );
    expect(alone).toMatchObject({ reference: null, gateOff: null, throughputVsReference: null });
    expect(formatReferenceLines([alone!])).toBe('');
    expect(checkNotesTargets([alone!]).map((c) => c.target)).toEqual([
      'note.list on postgres throughput ≥ 0.6× floor',
      'note.list on postgres p99 ≤ 1.3× floor',
      'note.list on postgres no errors (any side)',
    ]);
  });

  it('the notes part runs by default, alone with --only notes, and its servers can be profiled', () => {
    expect(parseBenchOptions([], '/out')).toMatchObject({ notes: true, notesRounds: 2, notesDurationSeconds: 4 });
    expect(parseBenchOptions(['--only', 'notes', '--profile', 'notes-ours-pglite'], '/out')).toMatchObject({
      only: [],
      notes: true,
      web: false,
      profile: ['notes-ours-pglite'],
    });
    expect(parseBenchOptions(['--web'], '/out').notes).toBe(false);
    expect(() => parseBenchOptions(['--profile', 'notes'], '/out')).toThrow(/unknown contender/);
  });

  it('passes --server-env to our server, and only well-formed variables', () => {
    expect(parseBenchOptions([], '/out').serverEnv).toEqual({});
    expect(parseBenchOptions(['--server-env', 'TRPC_MAX_IN_FLIGHT=16,TRPC_MAX_QUEUED=0'], '/out').serverEnv).toEqual({
      TRPC_MAX_IN_FLIGHT: '16',
      TRPC_MAX_QUEUED: '0',
    });
    expect(() => parseBenchOptions(['--server-env', 'lower=1'], '/out')).toThrow(/--server-env/);
  });
});

describe('GC trace', () => {
  const line = (kind: string, pause: number, promoted: number) =>
    `[1:0x1]   19 ms: pause=${pause} mutator=1.0 gc=${kind} reduce_memory=0 allocated=9 promoted=${promoted} nodes_promoted=0`;

  it('sums scavenges (pause, promotion) and full collections from --trace-gc-nvp, passing other output on', () => {
    const trace = new GcTrace();
    const text = `${line('s', 1.5, 2048)}\nListening\n${line('mc', 10, 0)}\n${line('s', 0.5, 1024)}`;
    // Split mid-line, as pipes deliver it.
    expect(trace.feed(text.slice(0, 30)) + trace.feed(text.slice(30)) + trace.feed('\n')).toBe('Listening\n');
    expect(trace.snapshot()).toEqual({ youngMs: 2, fullMs: 10, promotedBytes: 3072 });
    expect(gcPerRequest({ youngMs: 0, fullMs: 0, promotedBytes: 0 }, trace.snapshot(), 2)).toEqual({
      youngMicros: 1000,
      fullMicros: 5000,
      promotedKb: 1.5,
    });
    expect(gcPerRequest(trace.snapshot(), trace.snapshot(), 0)).toBeNull();
  });
});

describe('/proc parsing', () => {
  it('reads VmHWM and utime + stime', () => {
    expect(parseVmHwm('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n')).toBe(200 * 1024 * 1024);
    expect(parseVmHwm('Name:\tnode\n')).toBeNull();
    // pid (comm with spaces) state ppid … utime=250 stime=50 ticks
    const stat = `42 (node main) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1 1 1`;
    expect(parseCpuTimeMs(stat)).toBe(3_000);
  });
});

describe('CPU profile summary', () => {
  // root → app (2 samples) → express handle (3 samples); an idle sample is ignored.
  const url = 'file:///x/node_modules/express/lib/router.js';
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2, 4] },
      {
        id: 2,
        callFrame: { functionName: 'app', url: 'file:///x/apps/server/dist/main.js', lineNumber: 0 },
        children: [3],
      },
      { id: 3, callFrame: { functionName: 'handle', url, lineNumber: 9 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
    ],
    samples: [2, 2, 3, 3, 3, 4],
    timeDeltas: [0, 10, 10, 10, 10, 10, 10],
    startTime: 0,
    endTime: 60,
  };

  it('shares self time by function and by package, idle excluded', () => {
    const summary = summarizeProfile(profile);
    expect(summary.busyMs).toBe(0.05);
    expect(summary.packages).toEqual([
      { name: 'express', share: 0.6 },
      { name: '@stack/server', share: 0.4 },
    ]);
    expect(summary.frames[0]).toEqual({ name: 'handle express/lib/router.js:10', share: 0.6 });
  });

  it('adds callees into inclusive time', () => {
    expect(inclusiveShares(profile, 3).map((s) => [s.name.split(' ')[0], s.share])).toEqual([
      ['(root)', 1],
      ['app', 1],
      ['handle', 0.6],
    ]);
    expect(packageOf('node:internal/http', 'x')).toBe('node:internal');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});

describe('realtime cases', () => {
  const result = (
    over: { oursKb?: number; oursPerSecond?: number; clusterP99?: number; lost?: number } = {},
  ): RealtimeResult => ({
    held: [
      {
        side: 'reference',
        streams: 10_000,
        baselineRssBytes: 50 * 2 ** 20,
        rssBytes: 150 * 2 ** 20,
        perStreamBytes: 10 * 1024,
        connectSeconds: 4,
        lost: 0,
      },
      {
        side: 'ours',
        streams: 10_000,
        baselineRssBytes: 80 * 2 ** 20,
        rssBytes: 180 * 2 ** 20,
        perStreamBytes: (over.oursKb ?? 11) * 1024,
        connectSeconds: 6,
        lost: over.lost ?? 0,
      },
    ],
    fanOut: [
      { side: 'reference', subscribers: 1_000, p50: 20, p99: 80, max: 90, deliveredPerSecond: 100_000, lost: 0 },
      {
        side: 'ours',
        subscribers: 1_000,
        p50: 30,
        p99: 120,
        max: 150,
        deliveredPerSecond: over.oursPerSecond ?? 90_000,
        lost: 0,
      },
      {
        side: 'ours, 3 instances',
        subscribers: 100,
        p50: 5,
        p99: over.clusterP99 ?? 30,
        max: 40,
        deliveredPerSecond: null,
        lost: 0,
      },
    ],
  });

  it('judges RSS per stream and events/s against the reference, latencies against their bounds, and lost streams', () => {
    const met = (r: RealtimeResult) => checkRealtimeTargets(r).map((c) => [c.target, c.met]);
    expect(met(result())).toEqual([
      ['RSS per stream (10,000 streams) ≤ 1.2× reference', true],
      ['change → 1,000 subscribers p99 ≤ 500 ms', true],
      ['delivered events/s ≥ 0.8× reference', true],
      ['3 instances, 100 subscribers: change → event p99 ≤ 250 ms', true],
      ['no stream lost (either side)', true],
    ]);
    const missed = met(result({ oursKb: 13, oursPerSecond: 79_000, clusterP99: 251, lost: 2 }));
    expect(missed.filter(([, ok]) => !ok).map(([target]) => target)).toEqual([
      'RSS per stream (10,000 streams) ≤ 1.2× reference',
      'delivered events/s ≥ 0.8× reference',
      '3 instances, 100 subscribers: change → event p99 ≤ 250 ms',
      'no stream lost (either side)',
    ]);
  });

  it('prints both tables with ratios against the reference', () => {
    const text = formatRealtimeTables(result());
    expect(text).toContain('| ours: NestJS + tRPC + auth + PostgreSQL |');
    expect(text).toMatch(/\| +11\.0 \| +1\.10× \|/);
    expect(text).toMatch(/\| +90,000 \| +0\.90× \|/);
  });

  it('`--only realtime` runs only the realtime part; --quick shrinks it', () => {
    const options = parseBenchOptions(['--only', 'realtime'], '/tmp/out');
    expect(options).toMatchObject({ only: [], notes: false, web: false, realtime: true, realtimeStreams: 10_000 });
    expect(parseBenchOptions(['--quick'], '/tmp/out')).toMatchObject({ realtime: true, realtimeStreams: 2_000 });
  });
});

describe('defenceRatios (issue 18: limits and revocation checks against the same server without)', () => {
  it('pairs each round’s measurements, then takes the median; a pair that did not run is left out', () => {
    const samples = [
      sample('ours-1-nolimits', 1, { requestsPerSecond: 1_000, cpuMicrosPerRequest: 100 }),
      sample('ours-1', 1, { requestsPerSecond: 980, cpuMicrosPerRequest: 102 }),
      sample('ours-1-nolimits', 2, { requestsPerSecond: 2_000 }),
      sample('ours-1', 2, { requestsPerSecond: 1_800 }),
      sample('ours-1-nolimits', 3, { requestsPerSecond: 1_000 }),
      sample('ours-1', 3, { requestsPerSecond: 990 }),
    ];
    const [limits, ...rest] = defenceRatios(samples);
    expect(rest).toEqual([]);
    expect(limits).toMatchObject({ rounds: 3, met: true });
    expect(limits!.throughput).toBeCloseTo(0.98);
    expect(formatDefenceRatios([limits!])).toMatch(
      /^target ≥ 0\.95× throughput\):\nmet +profile\.me, rate limits on ÷ off: 0\.980×/,
    );
    expect(defenceRatios([sample('ours-1', 1)])).toEqual([]);
  });
});

describe('formatNoise', () => {
  it('puts two identical servers side by side per round, then the median', () => {
    const samples = [
      sample('ours-1', 1, { requestsPerSecond: 1_000 }),
      sample('ours-1-twin', 1, { requestsPerSecond: 890 }),
      sample('ours-1', 2, { requestsPerSecond: 1_000 }),
      sample('ours-1-twin', 2, { requestsPerSecond: 1_050 }),
      sample('ours-1', 3, { requestsPerSecond: 1_000 }),
      sample('ours-1-twin', 3, { requestsPerSecond: 930 }),
    ];
    expect(formatNoise(samples)).toBe(
      'Noise: ours-1-twin ÷ ours-1 (identical servers) 0.93× median; per round 0.89×, 1.05×, 0.93×',
    );
    expect(formatNoise([sample('ours-1', 1)])).toBeNull();
  });
});
