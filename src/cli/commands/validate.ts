import { loadAll } from './common.js';

/** `hubsim validate`: checks scenario files only. @throws InputError listing every problem of every file */
export async function validateCommand(files: readonly string[], print: (s: string) => void): Promise<void> {
  for (const s of await loadAll(files)) print(`ok: ${s.file} (${s.scenario.name})`);
}
