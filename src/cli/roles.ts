// The bundle's entry (scripts/bundle.js): the command line and the threads it starts are one
// script, compiled once into one code cache (bundled.cts), and each imports only its own part.
export type Role = 'main' | 'worker' | 'session-writer';

export function start(role: Role): Promise<unknown> {
  switch (role) {
    case 'main':
      return import('./main.js');
    case 'worker':
      return import('./worker.js');
    case 'session-writer':
      return import('./session-writer.js');
  }
}
