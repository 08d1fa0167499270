/** The NoteService procedures use (see DbModule). */
export const NOTE_SERVICE = Symbol('NOTE_SERVICE');
