import type { FanOut, HeldStreams, RealtimeResult } from '../realtime/run-realtime-bench.js';
import { ratio } from './summary.js';
import { markdownTable } from './table.js';
import type { TargetCheck } from './targets.js';

const KB = 1024;
const times = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
const SIDE_LABEL: Record<FanOut['side'], string> = {
  reference: 'reference: tRPC standalone + emitter',
  ours: 'ours: NestJS + tRPC + auth + PostgreSQL',
  'ours, 3 instances': 'ours: 3 instances, one PostgreSQL',
};

const find = <T extends { side: string }>(rows: readonly T[], side: string) => rows.find((r) => r.side === side);

/** Two Markdown tables: streams held (RSS per stream), and fan-out (latency, events/s), each against the reference. */
export function formatRealtimeTables({ held, fanOut }: RealtimeResult): string {
  const heldReference = find(held, 'reference');
  const heldTable = markdownTable(
    ['side', 'streams', 'RSS before MB', 'RSS after MB', 'KB per stream', '× reference', 'connect s', 'lost'],
    held.map((h: HeldStreams) => [
      SIDE_LABEL[h.side],
      h.streams.toLocaleString('en-US'),
      (h.baselineRssBytes / KB / KB).toFixed(0),
      (h.rssBytes / KB / KB).toFixed(0),
      (h.perStreamBytes / KB).toFixed(1),
      times(heldReference ? ratio(h.perStreamBytes, heldReference.perStreamBytes) : null),
      h.connectSeconds.toFixed(1),
      String(h.lost),
    ]),
  );
  const fanReference = find(fanOut, 'reference');
  const fanTable = markdownTable(
    ['side', 'subscribers', 'p50 ms', 'p99 ms', 'max ms', 'events/s delivered', '× reference', 'lost'],
    fanOut.map((f) => [
      SIDE_LABEL[f.side],
      f.subscribers.toLocaleString('en-US'),
      f.p50.toFixed(1),
      f.p99.toFixed(1),
      f.max.toFixed(1),
      f.deliveredPerSecond === null ? '—' : Math.round(f.deliveredPerSecond).toLocaleString('en-US'),
      times(
        f.deliveredPerSecond !== null && fanReference?.deliveredPerSecond
          ? ratio(f.deliveredPerSecond, fanReference.deliveredPerSecond)
          : null,
      ),
      String(f.lost),
    ]),
  );
  return `${heldTable}\n\n${fanTable}`;
}

/**
 * Issue 20's targets: RSS per stream ≤ 1.2× the reference's; a change to one organization's
 * subscribers with p99 ≤ 500 ms and delivered events/s ≥ 0.8× the reference's; across three
 * instances on one PostgreSQL, p99 ≤ 250 ms; and no stream lost on the way.
 */
export function checkRealtimeTargets({ held, fanOut }: RealtimeResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const [heldOurs, heldReference] = [find(held, 'ours'), find(held, 'reference')];
  if (heldOurs && heldReference) {
    const vs = heldOurs.perStreamBytes / heldReference.perStreamBytes;
    checks.push({
      target: `RSS per stream (${heldOurs.streams.toLocaleString('en-US')} streams) ≤ 1.2× reference`,
      measured: `${vs.toFixed(2)}× (${(heldOurs.perStreamBytes / KB).toFixed(1)} vs ${(heldReference.perStreamBytes / KB).toFixed(1)} KB)`,
      met: vs <= 1.2,
    });
  }
  const [ours, reference, cluster] = [
    find(fanOut, 'ours'),
    find(fanOut, 'reference'),
    find(fanOut, 'ours, 3 instances'),
  ];
  if (ours) {
    checks.push({
      target: `change → ${ours.subscribers.toLocaleString('en-US')} subscribers p99 ≤ 500 ms`,
      measured: `${ours.p99.toFixed(1)} ms`,
      met: ours.p99 <= 500,
    });
  }
  if (ours?.deliveredPerSecond && reference?.deliveredPerSecond) {
    const vs = ours.deliveredPerSecond / reference.deliveredPerSecond;
    checks.push({ target: 'delivered events/s ≥ 0.8× reference', measured: `${vs.toFixed(2)}×`, met: vs >= 0.8 });
  }
  if (cluster) {
    checks.push({
      target: `3 instances, ${cluster.subscribers} subscribers: change → event p99 ≤ 250 ms`,
      measured: `${cluster.p99.toFixed(1)} ms`,
      met: cluster.p99 <= 250,
    });
  }
  const lost = [...held, ...fanOut].reduce((sum, r) => sum + r.lost, 0);
  checks.push({ target: 'no stream lost (either side)', measured: String(lost), met: lost === 0 });
  return checks;
}
