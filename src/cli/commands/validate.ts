import { loadAll } from './common.js';

/** `hubsim validate`: checks scenario files only. @throws InputError listing every problem of every file */
export async function validateCommand(files: readonly string[], print: (s: string) => void): Promise<void> {
  const scenarios = await loadAll(files);
  scenarios.forEach((s, i) => print(`ok: ${files[i]} (${s.name})`));
}
