// The bundle's entry (scripts/bundle.js): the command line and the threads it starts are one
// script, compiled once into one code cache (bundled.cts), and each imports only its own part.
export type Role = 'main' | 'worker' | 'session-writer';

/** Starts `role`; `v8Budget` is V8's interrupt budget when the command line may change it (see v8-budget.ts). */
export async function start(role: Role, v8Budget?: number): Promise<unknown> {
  switch (role) {
    case 'main':
      if (v8Budget !== undefined) (await import('./v8-budget.js')).v8Budget.knowV8Budget(v8Budget);
      return import('./main.js');
    case 'worker':
      return import('./worker.js');
    case 'session-writer':
      return import('./session-writer.js');
  }
}
