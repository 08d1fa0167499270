import pg from 'pg';

import { CHANGE_CHANNEL, decodeChange } from './change.js';
import { type ChangeFeed, type ChangeFeedHealth, type ChangeSubscriber, Subscribers } from './change-feed.js';

export interface PgChangeFeedOptions {
  url: string;
  /** Shown in `pg_stat_activity.application_name`, so operators (and tests) can find the listener. */
  applicationName?: string;
  /** Reconnect delays: `baseDelayMs × 2ⁿ`, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string) => void;
}

export const LISTENER_APPLICATION_NAME = 'stack-change-listener';

/**
 * LISTEN on one dedicated connection (never a pool's: a pooled connection is handed to other
 * queries and its LISTEN dies with it). node-postgres does not reconnect by itself, and a Client
 * without an 'error' listener crashes the process when its connection drops; this one reconnects
 * with backoff and, after every (re)connect, tells subscribers to drop their caches, because
 * notifications sent during the gap are gone.
 */
export class PgChangeFeed implements ChangeFeed {
  private readonly subscribers = new Subscribers();
  private client: pg.Client | null = null;
  private connected = false;
  private since = Date.now();
  private connects = 0;
  private attempt = 0;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: PgChangeFeedOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 2_000;
    this.log = options.log ?? (() => {});
  }

  /** Rejects when the first connection fails, but keeps retrying in the background all the same. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      this.scheduleReconnect();
      throw error;
    }
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    return this.subscribers.add(subscriber);
  }

  health(): ChangeFeedHealth {
    return { connected: this.connected, since: this.since, connects: this.connects };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.setConnected(false);
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? LISTENER_APPLICATION_NAME,
      // A peer that vanishes without closing (a partition) is noticed by TCP keepalive, not never.
      keepAlive: true,
    });
    // Before connect(): an unhandled 'error' would crash the process. 'end' follows every loss.
    client.on('error', () => {});
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      const change = decodeChange(message.payload);
      if (change) this.subscribers.change(change);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    client.once('end', () => this.lost(client));
    this.attempt = 0;
    this.connects++;
    this.setConnected(true);
    // Whatever was cached before this connection may have missed changes (the first time: harmless).
    this.subscribers.resync();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.setConnected(false);
    this.log('change listener disconnected; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.baseDelayMs * 2 ** this.attempt, this.maxDelayMs);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closed) return;
      this.connect().then(
        () => this.log(`change listener reconnected (connection ${this.connects})`),
        () => this.scheduleReconnect(),
      );
    }, delay);
    this.timer.unref();
  }

  private setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    this.since = Date.now();
  }
}
