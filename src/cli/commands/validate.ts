import { shownPath } from '../../errors.js';
import { scenarioNotes } from '../../scenario/notes.js';
import { loadAll } from './common.js';

/**
 * `hubsim validate`: checks scenario files only, saying "ok" of each that is valid (and not named as
 * one given before it, which `run` would refuse), also when another is not, with the notes
 * `scenarioNotes` makes of it. @throws InputError listing every problem of every file
 */
export async function validateCommand(files: readonly string[], print: (s: string) => void): Promise<void> {
  await loadAll(files, (s) => {
    print(`ok: ${shownPath(s.file)} (${s.scenario.name})`);
    for (const note of scenarioNotes(s.scenario, s.raw)) print(`note: ${shownPath(s.file)}: ${note}`);
  });
}
