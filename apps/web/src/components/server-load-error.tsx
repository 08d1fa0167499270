'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

import { LoadError, type LoadErrorProps } from './load-error';

/**
 * A server-side prefetch failed (or passed its deadline): the same state the browser would show,
 * already in the first HTML, instead of a skeleton while the browser tries again on its own
 * deadline. Retry renders the page again on the server.
 */
export function ServerLoadError({
  httpStatus,
  ...props
}: { httpStatus: number } & Omit<LoadErrorProps, 'error' | 'onRetry' | 'retrying'>) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  return (
    <LoadError
      {...props}
      error={{ data: { httpStatus } }}
      retrying={retrying}
      onRetry={() => startRetry(() => router.refresh())}
    />
  );
}
