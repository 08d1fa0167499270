import 'server-only';

import { headers } from 'next/headers';

/** What the first render shows times with: this request's moment and the reader's language. */
export async function requestClock(): Promise<{ now: number; locale: string }> {
  return { now: Date.now(), locale: await requestLocale() };
}

/** The reader's preferred language from Accept-Language, when the runtime can format in it. */
async function requestLocale(): Promise<string> {
  const accepted = (await headers()).get('accept-language') ?? '';
  for (const part of accepted.split(',')) {
    const tag = part.split(';')[0]?.trim();
    if (!tag || tag === '*') continue;
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return 'en-US';
}
