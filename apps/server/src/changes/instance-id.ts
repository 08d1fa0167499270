import { randomUUID } from 'node:crypto';

/** This process among the instances on one database: its changes on the bus carry it as `origin`. */
export const INSTANCE_ID = randomUUID();
