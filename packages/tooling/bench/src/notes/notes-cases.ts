import { fileURLToPath } from 'node:url';

import { type BenchIdentity, NOTES_ORG_ID } from '../bench-emulator.js';
import { GATE_OFF, OUR_SERVER, ourServerEnv } from '../contenders.js';
import type { LoadSpec, ServerSpec } from '../measure.js';
import type { NotesDatabase, NotesDatabaseKind } from './notes-databases.js';
import { NOTES_PAGE } from './notes-fixture.js';

export const NOTES_OPS = ['list', 'create'] as const;
/**
 * The mixed case, on our server only: `profile.me` (`me-beside`, a few connections) while
 * note.list floods the server (`list-beside`): does a call that never waits on the database
 * wait behind those that do?
 */
export const MIXED_OPS = ['me-beside', 'list-beside'] as const;
export type NotesOp = (typeof NOTES_OPS)[number] | (typeof MIXED_OPS)[number];
/** profile.me connections in the mixed case, beside the flood's. */
export const MIXED_ME_CONNECTIONS = 10;
/**
 * floor: bare Fastify; trpc: tRPC standalone on the same statements (a reference); ours: our
 * server; ours-open: our server with its admission gate off (TRPC_MAX_IN_FLIGHT=0), what the gate buys.
 */
export const NOTES_SIDES = ['floor', 'trpc', 'ours', 'ours-open'] as const;
export type NotesSide = (typeof NOTES_SIDES)[number];

/** The server processes of the notes cases, by the name `--profile` takes. */
export const NOTES_SERVER_IDS = [
  'notes-floor-pglite',
  'notes-trpc-pglite',
  'notes-ours-pglite',
  'notes-ours-open-pglite',
  'notes-floor-postgres',
  'notes-trpc-postgres',
  'notes-ours-postgres',
  'notes-ours-open-postgres',
] as const;
export type NotesServerId = (typeof NOTES_SERVER_IDS)[number];
export type NotesCaseId = `${NotesOp}/${NotesSide}/${NotesDatabaseKind}`;

const FLOOR = fileURLToPath(new URL('../servers/notes-floor-server.js', import.meta.url));
const TRPC_REFERENCE = fileURLToPath(new URL('../servers/notes-trpc-server.js', import.meta.url));
const NOTE_DRAFT = JSON.stringify({ title: 'Bench note', body: 'Written by pnpm bench, one per request.' });
const LIST_INPUT = encodeURIComponent(JSON.stringify({ limit: NOTES_PAGE }));

/**
 * The bench drives one user (Ada) over all its connections, where production has as many users as
 * clients: the bound on one caller's requests in flight (2 by default) would hold ours to two calls
 * at a time while the floor and tRPC alone run a hundred. Off here, so the cases compare servers,
 * not a fairness rule (which the load tests' `fairness` scenario measures); rate limits stay on.
 */
const ONE_USER_STANDS_FOR_MANY = { REQUESTS_IN_FLIGHT_PER_CALLER: '0' } as const;

/**
 * The floor (bare Fastify), the tRPC reference or our built server (with `serverEnv` on top of its
 * defaults, e.g. TRPC_MAX_IN_FLIGHT to tune), pointed at `database`.
 */
export function notesServer(
  side: NotesSide,
  database: NotesDatabase,
  identity: BenchIdentity,
  serverEnv: Record<string, string> = {},
): ServerSpec {
  if (side === 'ours' || side === 'ours-open') {
    const gate = side === 'ours-open' ? GATE_OFF : {};
    return {
      script: OUR_SERVER,
      env: { ...ourServerEnv(identity), ...ONE_USER_STANDS_FOR_MANY, ...database.env, ...serverEnv, ...gate },
      readyPath: '/health',
    };
  }
  return {
    script: side === 'floor' ? FLOOR : TRPC_REFERENCE,
    env: {
      NODE_ENV: 'production',
      ...database.env,
      NOTES_ORG_ID,
      NOTES_AUTHOR_ID: identity.adaId,
      NOTES_PAGE: String(NOTES_PAGE),
    },
    readyPath: side === 'floor' ? '/health' : '/trpc/health',
  };
}

/**
 * note.list and note.create through tRPC (ours, gate on or off, with Ada's org-admin token; the
 * reference without auth), or the floor's routes without auth.
 */
export function notesLoad(op: NotesOp, side: NotesSide, identity: BenchIdentity): LoadSpec {
  if (op === 'me-beside') return { path: '/trpc/profile.me', authorizations: [identity.oneUser] };
  if (op === 'list-beside') return notesLoad('list', side, identity);
  if (side === 'floor')
    return op === 'list'
      ? { path: '/notes', authorizations: [] }
      : { method: 'POST', path: '/notes', body: NOTE_DRAFT, authorizations: [] };
  const authorizations = side === 'trpc' ? [] : [identity.orgAdmin];
  return op === 'list'
    ? { path: `/trpc/note.list?input=${LIST_INPUT}`, authorizations }
    : { method: 'POST', path: '/trpc/note.create', body: NOTE_DRAFT, authorizations };
}
