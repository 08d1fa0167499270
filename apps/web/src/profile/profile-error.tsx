'use client';

import Link from 'next/link';

import { httpStatusOf } from '../trpc/query-client';

/** What a person needs to know when the profile cannot be shown, and what they can do about it. */
export function ProfileError({ error, onRetry, retrying }: { error: unknown; onRetry: () => void; retrying: boolean }) {
  const status = httpStatusOf(error);
  if (status === 401) {
    return (
      <section className="card notice" role="alert">
        <h2>Please sign in again</h2>
        <p>Your session has ended.</p>
        <Link className="button" href="/sign-in?redirect_url=%2Fprofile">
          Sign in
        </Link>
      </section>
    );
  }
  const unavailable = status === 503 || status === 0;
  return (
    <section className="card notice" role="alert">
      <h2>{unavailable ? 'The service is unavailable' : 'Something went wrong'}</h2>
      <p>{unavailable ? 'We could not reach the API. This is usually brief.' : 'Your profile could not be loaded.'}</p>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  );
}
