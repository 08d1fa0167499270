export { endedSessions } from './ended-sessions.js';
export { noteEventHorizons, noteEvents } from './note-events.js';
export { notes } from './notes.js';
export { memberships, organizations } from './organizations.js';
export { users } from './users.js';
export { webhookClaims } from './webhook-claims.js';
