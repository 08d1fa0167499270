import type { ServerResponse } from 'node:http';

// A neutral silhouette for users without an image (Clerk would point at its image CDN).
const AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" fill="#6c47ff"/><circle cx="32" cy="25" r="11" fill="#fff" fill-opacity=".9"/><path d="M12 56c2-11 10-17 20-17s18 6 20 17z" fill="#fff" fill-opacity=".9"/></svg>`;
const body = Buffer.from(AVATAR_SVG, 'utf8');

export function sendAvatar(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'image/svg+xml',
    'Content-Length': body.length,
    'Cache-Control': 'public, max-age=86400',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}
