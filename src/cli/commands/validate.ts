import { loadAll } from './common.js';

/** `hubsim validate`: checks scenario files only. @throws InputError listing every problem of every file */
export function validateCommand(files: readonly string[], print: (s: string) => void): void {
  const scenarios = loadAll(files);
  scenarios.forEach((s, i) => print(`ok: ${files[i]} (${s.name})`));
}
