import { readFileSync } from 'node:fs';

/** hubsim's version, from its package.json: recorded in run.json and shown in reports. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
