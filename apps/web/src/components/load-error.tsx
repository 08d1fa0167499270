'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';

import { httpStatusOf } from '../trpc/query-client';
import { rateLimitedMessage } from '../trpc/rate-limited';
import { buttonClass, cardClass } from './ui/styles';

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

const noticeClass = cardClass('grid gap-3');
const titleClass = 'text-lg font-semibold';

/** What a person needs to know when data cannot be shown, and what they can do about it. */
export function LoadError({ error, onRetry, retrying, returnTo, subject, forbidden }: LoadErrorProps) {
  const status = httpStatusOf(error);
  if (status === 401) {
    return (
      <section className={noticeClass} role="alert">
        <h2 className={titleClass}>Please sign in again</h2>
        <p className="text-muted">Your session has ended.</p>
        <div>
          <Link className={buttonClass()} href={`/sign-in?redirect_url=${encodeURIComponent(returnTo)}`}>
            Sign in
          </Link>
        </div>
      </section>
    );
  }
  if (status === 403 && forbidden) {
    return (
      <section className={noticeClass} role="alert">
        <h2 className={titleClass}>{forbidden.title}</h2>
        <p className="text-muted">{forbidden.detail}</p>
      </section>
    );
  }
  const limited = rateLimitedMessage(error);
  if (limited) {
    return (
      <section className={noticeClass} role="alert">
        <h2 className={titleClass}>{limited}</h2>
        <p className="text-muted">{subject} will load again after that.</p>
        <div>
          <button type="button" className={buttonClass()} onClick={onRetry} disabled={retrying}>
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      </section>
    );
  }
  const unavailable = status === 503 || status === 0;
  return (
    <section className={noticeClass} role="alert">
      <h2 className={titleClass}>{unavailable ? 'The service is unavailable' : 'Something went wrong'}</h2>
      <p className="text-muted">
        {unavailable ? 'We could not reach the API. This is usually brief.' : `${subject} could not be loaded.`}
      </p>
      <div>
        <button type="button" className={buttonClass()} onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      </div>
    </section>
  );
}
