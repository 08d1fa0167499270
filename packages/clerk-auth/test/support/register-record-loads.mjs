// `node --import <this file>`: installs record-loads.mjs before the entry module loads.
import { register } from 'node:module';

register('./record-loads.mjs', import.meta.url);
