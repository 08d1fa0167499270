/** Fixed development addresses, documented in the README. */
export const EMULATOR_PORT = 4010;
export const SERVER_PORT = 4000;
export const WEB_PORT = 3000;
export const WEB_ORIGIN = `http://localhost:${WEB_PORT}`;
export const API_ORIGIN = `http://localhost:${SERVER_PORT}`;
export const HOST = '127.0.0.1';
