/** The open database (`OpenDatabase` from @stack/db). */
export const DATABASE = Symbol('DATABASE');
/** The NoteService procedures use (see DbModule). */
export const NOTE_SERVICE = Symbol('NOTE_SERVICE');
/** The webhook mirror's writer (`Mirror` from @stack/db): every mirror write goes through it. */
export const MIRROR = Symbol('MIRROR');
/** Profiles for procedures and REST: an in-memory cache, kept coherent across instances, over the database mirror over Clerk. */
export const USER_DIRECTORY = Symbol('USER_DIRECTORY');
