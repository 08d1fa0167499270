'use client';

import { useEffect, useRef, useState } from 'react';

/** The user's image, or their initials when it cannot load (e.g. offline development). */
export function Avatar({ src, name }: { src: string; name: string }) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  // A server-rendered image may fail before React hydrates and attaches onError: check once mounted.
  useEffect(() => {
    const img = image.current;
    if (img?.complete && img.naturalWidth === 0) setFailed(true);
  }, [src]);

  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
  if (failed || !src) {
    return (
      <div
        className="grid size-16 shrink-0 place-items-center rounded-full bg-primary text-lg font-semibold text-primary-fg"
        aria-hidden="true"
      >
        {initials || '?'}
      </div>
    );
  }
  // A plain <img>: avatars come from the identity provider's CDN, not from this app's image optimiser.
  return (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      ref={image}
      className="size-16 shrink-0 rounded-full object-cover"
      src={src}
      alt=""
      width={64}
      height={64}
      onError={() => setFailed(true)}
    />
  );
}
