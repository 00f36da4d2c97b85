import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Scenario } from './types.js';
import { parseScenario } from './validate.js';

/**
 * Reads and validates a scenario file, and its trace (relative to the scenario's folder).
 * @throws InputError for a missing or unreadable file and for every problem in its content.
 */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a folder' : e.message;
    throw new InputError([{ path: file, expected: 'must be a readable scenario file', found: why }]);
  }
  return parseScenario(text, file, (trace) => readFileSync(resolve(dirname(file), trace), 'utf8'));
}
