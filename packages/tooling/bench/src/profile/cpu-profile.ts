/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) this summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface FrameShare {
  name: string;
  /** Share of all samples, 0..1. */
  share: number;
}

/** Self time per sample, by node id: each sample's following time delta (V8's own attribution). */
function selfMicros(profile: CpuProfile): Map<number, number> {
  const micros = new Map<number, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const delta = timeDeltas[i + 1] ?? 0;
    micros.set(samples[i]!, (micros.get(samples[i]!) ?? 0) + Math.max(0, delta));
  }
  return micros;
}

/** "express", "@trpc/server", "node:internal", "app" (workspace code), or a V8 pseudo-frame. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  return workspace ? `@stack/${workspace[2]}` : url;
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(packages|apps)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

function top(totals: Map<string, number>, all: number, count: number): FrameShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, share: all === 0 ? 0 : micros / all }));
}

/** The heaviest functions and packages by self time, idle time excluded. */
export function summarizeProfile(
  profile: CpuProfile,
  count = 15,
): { frames: FrameShare[]; packages: FrameShare[]; busyMs: number } {
  const micros = selfMicros(profile);
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const self = micros.get(node.id) ?? 0;
    if (self === 0 || node.callFrame.functionName === '(idle)') continue;
    busy += self;
    const name = frameName(node.callFrame);
    frames.set(name, (frames.get(name) ?? 0) + self);
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + self);
  }
  return { frames: top(frames, busy, count), packages: top(packages, busy, count), busyMs: busy / 1000 };
}

export function formatShares(title: string, shares: readonly FrameShare[]): string {
  return [title, ...shares.map((s) => `  ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`)].join('\n');
}

/**
 * The heaviest functions by inclusive time (self + callees), idle excluded. A frame that calls
 * itself further down is counted once, at its outermost call.
 */
export function inclusiveShares(profile: CpuProfile, count = 15): FrameShare[] {
  const micros = selfMicros(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const totals = new Map<string, number>();
  let busy = 0;
  // Iterative DFS that carries the frames on the current stack.
  const walk = (rootId: number) => {
    const stack: { id: number; open: Set<string> }[] = [{ id: rootId, open: new Set() }];
    const subtotal = new Map<number, number>();
    const order: { id: number; name: string; counted: boolean }[] = [];
    while (stack.length > 0) {
      const { id, open } = stack.pop()!;
      const node = byId.get(id);
      if (!node) continue;
      const name = frameName(node.callFrame);
      const counted = !open.has(name);
      order.push({ id, name, counted });
      const nextOpen = counted ? new Set(open).add(name) : open;
      for (const child of node.children ?? []) stack.push({ id: child, open: nextOpen });
    }
    // Children come after parents in `order`; add up bottom-up.
    for (let i = order.length - 1; i >= 0; i--) {
      const { id } = order[i]!;
      const node = byId.get(id)!;
      const own = node.callFrame.functionName === '(idle)' ? 0 : (micros.get(id) ?? 0);
      const total = own + (node.children ?? []).reduce((sum, c) => sum + (subtotal.get(c) ?? 0), 0);
      subtotal.set(id, total);
    }
    for (const { id, name, counted } of order) {
      if (counted) totals.set(name, (totals.get(name) ?? 0) + subtotal.get(id)!);
    }
    busy += subtotal.get(rootId) ?? 0;
  };
  for (const node of profile.nodes) if (!childIds.has(node.id)) walk(node.id);
  return top(totals, busy, count);
}
