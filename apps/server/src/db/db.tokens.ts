/** The open database (`OpenDatabase` from @stack/db). */
export const DATABASE = Symbol('DATABASE');
/** The NoteService procedures use (see DbModule). */
export const NOTE_SERVICE = Symbol('NOTE_SERVICE');
