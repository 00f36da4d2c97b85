import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The signal handling of src/cli/interrupt.ts in a process of its own (built into dist/: run
// `npm run build` first), whose clean-ups say when they run.

const MODULE = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'cli', 'interrupt.js')).href;

/** Runs `body` in a Node process with interrupt.ts imported as `i`; its status, stdout and stderr. */
function run(body: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const i = await import(${JSON.stringify(MODULE)});\n${body}`], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Kept alive until the signal, sent to itself, is handled (the handler ends the process).
const SIGNAL_SELF = (signal: string) => `setInterval(() => {}, 1000); process.kill(process.pid, '${signal}');`;

describe('onInterrupt', () => {
  test('a signal runs the clean-ups newest first, not those unregistered, then says so and exits 128 + its number', () => {
    const r = run(`i.onInterrupt(() => console.log('outer')); i.onInterrupt(() => console.log('inner')); i.onInterrupt(() => console.log('gone'))(); ${SIGNAL_SELF('SIGTERM')}`);
    expect(r).toEqual({ status: 143, stdout: 'inner\nouter\n', stderr: 'hubsim: interrupted by SIGTERM\n' });
  });

  test('a clean-up unregistered by one that ran before it does not run', () => {
    const r = run(`const undo = i.onInterrupt(() => console.log('outer')); i.onInterrupt(() => (console.log('inner'), undo())); ${SIGNAL_SELF('SIGTERM')}`);
    expect(r.stdout).toBe('inner\n');
  });

  test('after the results are in place, the line says where: the interrupt no longer undid them', () => {
    const r = run(`i.onInterrupt(() => {}); i.resultsInPlace('out/x'); ${SIGNAL_SELF('SIGINT')}`);
    expect(r).toEqual({ status: 130, stdout: '', stderr: 'hubsim: interrupted by SIGINT, after its results were moved into place in out/x\n' });
  });

  test('a normal exit runs each clean-up still registered once, newest first', () => {
    const r = run(`i.onInterrupt(() => console.log('once')); i.onInterrupt(() => console.log('last in')); process.exitCode = 0;`);
    expect(r).toEqual({ status: 0, stdout: 'last in\nonce\n', stderr: '' });
  });
});

describe('SIGQUIT', () => {
  test('already listened for (a diagnostic report on demand) is left to its listener: the run goes on', () => {
    const r = run(`const t = setInterval(() => {}, 1000); process.on('SIGQUIT', () => (console.log('report'), clearInterval(t))); i.onInterrupt(() => console.log('cleaned')); process.kill(process.pid, 'SIGQUIT');`);
    expect(r).toEqual({ status: 0, stdout: 'report\ncleaned\n', stderr: '' });
  });

  test('not listened for, ends the run as the other signals do', () => {
    const r = run(`i.onInterrupt(() => console.log('cleaned')); ${SIGNAL_SELF('SIGQUIT')}`);
    expect(r).toEqual({ status: 131, stdout: 'cleaned\n', stderr: 'hubsim: interrupted by SIGQUIT\n' });
  });
});

describe('hearInterrupts', () => {
  test('with nothing to clean up, a signal still ends the process with its line and 128 + its number', () => {
    const r = run(`i.hearInterrupts(); ${SIGNAL_SELF('SIGHUP')}`);
    expect(r).toEqual({ status: 129, stdout: '', stderr: 'hubsim: interrupted by SIGHUP\n' });
  });

  test('released, the handlers stay: a later signal still ends the process with its line', () => {
    const r = run(`i.hearInterrupts()(); ${SIGNAL_SELF('SIGTERM')}`);
    expect(r).toEqual({ status: 143, stdout: '', stderr: 'hubsim: interrupted by SIGTERM\n' });
  });
});

describe('withDefaultSignals', () => {
  // spawnSync's signal: the process ended by the system's default for it, not by hubsim's handler.
  const ending = (body: string) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const i = await import(${JSON.stringify(MODULE)});\n${body}`], { encoding: 'utf8', timeout: 20_000 });
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  };

  test('with nothing to clean up, a signal during the read ends the process by the default, at once', () => {
    const r = ending(`i.hearInterrupts(); i.withDefaultSignals(() => { process.kill(process.pid, 'SIGTERM'); console.log('read on'); });`);
    expect(r).toEqual({ status: null, signal: 'SIGTERM', stdout: '', stderr: '' });
  });

  test('after the read, the handlers are back: a signal ends the process with its line', () => {
    const r = ending(`i.hearInterrupts(); console.log(i.withDefaultSignals(() => 'read')); ${SIGNAL_SELF('SIGINT')}`);
    expect(r).toEqual({ status: 130, signal: null, stdout: 'read\n', stderr: 'hubsim: interrupted by SIGINT\n' });
  });

  test('with something to clean up, the handlers stay: the signal is handled once the read is over, clean-ups first', () => {
    const r = ending(`i.onInterrupt(() => console.log('cleaned')); i.withDefaultSignals(() => { process.kill(process.pid, 'SIGTERM'); console.log('read on'); }); setInterval(() => {}, 1000);`);
    expect(r).toEqual({ status: 143, signal: null, stdout: 'read on\ncleaned\n', stderr: 'hubsim: interrupted by SIGTERM\n' });
  });

  test('SIGQUIT, whose default is a core dump, keeps its handler', () => {
    const r = ending(`i.hearInterrupts(); i.withDefaultSignals(() => { process.kill(process.pid, 'SIGQUIT'); console.log('read on'); }); setInterval(() => {}, 1000);`);
    expect(r).toEqual({ status: 131, signal: null, stdout: 'read on\n', stderr: 'hubsim: interrupted by SIGQUIT\n' });
  });
});

describe('on Windows', () => {
  // Node there sends a handler Ctrl-Break as SIGBREAK and Ctrl-C as SIGINT; here the process is
  // told it runs on Windows and the event is emitted to the handlers as Node would.
  const AS_WINDOWS = "Object.defineProperty(process, 'platform', { value: 'win32' });";

  test('Ctrl-Break (SIGBREAK) runs the clean-ups, says so and exits 128 + 21', () => {
    const r = run(`${AS_WINDOWS} i.onInterrupt(() => console.log('cleaned')); setInterval(() => {}, 1000); process.emit('SIGBREAK', 'SIGBREAK');`);
    expect(r).toEqual({ status: 149, stdout: 'cleaned\n', stderr: 'hubsim: interrupted by SIGBREAK\n' });
  });

  test('the signals heard are those Windows sends: no SIGTERM, whose handler never runs there, nor SIGQUIT', () => {
    const r = run(`${AS_WINDOWS} i.hearInterrupts(); console.log(['SIGINT', 'SIGBREAK', 'SIGHUP', 'SIGTERM', 'SIGQUIT'].map((s) => process.listenerCount(s)).join(','));`);
    expect(r.stdout).toBe('1,1,1,0,0\n');
  });
});

describe('heedInterrupts', () => {
  // A signal is read in the event loop's poll phase; busy code that then moves results into place
  // and ends gives the handler no turn, unless it heeds the signal first.
  const busy = (then: string) => `i.hearInterrupts(); const fs = await import('node:fs'); fs.readFile(process.execPath, async () => { process.kill(process.pid, 'SIGINT'); const t = Date.now(); while (Date.now() - t < 200); ${then} console.log('moved into place'); });`;

  test('a signal that came while the main thread was busy is handled there, before what follows', () => {
    expect(run(busy('await i.heedInterrupts();'))).toEqual({ status: 130, stdout: '', stderr: 'hubsim: interrupted by SIGINT\n' });
  });

  test('(without it, the process went on and ended as if no signal had come)', () => {
    expect(run(busy(''))).toEqual({ status: 0, stdout: 'moved into place\n', stderr: '' });
  });
});

describe('handledSignals', () => {
  // Windows sends no SIGTERM or SIGQUIT; Ctrl-Break is SIGBREAK there, and closing the console SIGHUP.
  test('on Windows: Ctrl-C, Ctrl-Break and a closed console window; elsewhere the four a terminal or a service manager sends', () => {
    const r = run(`console.log(JSON.stringify([i.handledSignals('win32'), i.handledSignals('linux'), i.handledSignals('darwin')]))`);
    expect(JSON.parse(r.stdout)).toEqual([
      ['SIGINT', 'SIGBREAK', 'SIGHUP'],
      ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'],
      ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'],
    ]);
  });
});
