'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';

import { httpStatusOf } from '../trpc/query-client';
import { rateLimitedMessage } from '../trpc/rate-limited';

export interface LoadErrorProps {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  /** The page to come back to after signing in again, e.g. `/profile`. */
  returnTo: string;
  /** What could not be loaded, as a sentence subject: "Your profile", "The notes". */
  subject: string;
  /** Shown for a 403; without it a 403 is "something went wrong". */
  forbidden?: { title: string; detail: ReactNode };
}

/** What a person needs to know when data cannot be shown, and what they can do about it. */
export function LoadError({ error, onRetry, retrying, returnTo, subject, forbidden }: LoadErrorProps) {
  const status = httpStatusOf(error);
  if (status === 401) {
    return (
      <section className="card notice" role="alert">
        <h2>Please sign in again</h2>
        <p>Your session has ended.</p>
        <Link className="button" href={`/sign-in?redirect_url=${encodeURIComponent(returnTo)}`}>
          Sign in
        </Link>
      </section>
    );
  }
  if (status === 403 && forbidden) {
    return (
      <section className="card notice" role="alert">
        <h2>{forbidden.title}</h2>
        <p>{forbidden.detail}</p>
      </section>
    );
  }
  const limited = rateLimitedMessage(error);
  if (limited) {
    return (
      <section className="card notice" role="alert">
        <h2>{limited}</h2>
        <p>{subject} will load again after that.</p>
        <button type="button" className="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      </section>
    );
  }
  const unavailable = status === 503 || status === 0;
  return (
    <section className="card notice" role="alert">
      <h2>{unavailable ? 'The service is unavailable' : 'Something went wrong'}</h2>
      <p>{unavailable ? 'We could not reach the API. This is usually brief.' : `${subject} could not be loaded.`}</p>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  );
}
