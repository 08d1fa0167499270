/** Fixed development addresses, documented in the README. */
export const EMULATOR_PORT = 4010;
export const SERVER_PORT = 4000;
export const WEB_ORIGIN = 'http://localhost:3000';
export const HOST = '127.0.0.1';
