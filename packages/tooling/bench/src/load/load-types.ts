/** What the harness asks the load-generator process to do (sent over IPC). */
export interface LoadJob {
  url: string;
  /** Default GET; a POST sends `body` as application/json. */
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Authorization header values, used in turn across all connections (none: no header). */
  authorizations: string[];
  connections: number;
  durationSeconds: number;
}

/** What comes back: only what the report needs, so IPC stays small. */
export interface LoadResult {
  /** Completed requests. */
  requests: number;
  /** Requests sent, including those still in flight when the run ended. */
  sent: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Connection errors and timeouts, plus every non-2xx response. */
  errors: number;
  non2xx: number;
}
