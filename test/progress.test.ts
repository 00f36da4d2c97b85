/**
 * The progress bar (src/cli/progress.ts): on a terminal only, only once a command has run a while,
 * and moving within a replication as well as between them.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fitLine, formatEta, progress, traceProgress } from '../src/cli/progress.js';

// A CI job gets no bar (CI set): these tests stand for a user's terminal, wherever they run, and so
// do the processes they start, given this environment.
delete process.env.CI;

/** A stream that says it is a terminal, and what was written to it. */
function terminal(isTTY = true, columns = 120): { stream: PassThrough & { isTTY: boolean; columns: number }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Waits until `done()` holds, polling, for up to 4 s (inside Jest's 5 s): the bar draws itself once
 * its library has loaded (a dynamic import), which a loaded machine can take far longer than any
 * fixed pause.
 */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await settle();
}

describe('progress', () => {
  test("the ETA of a long run keeps every digit and carries its rounding: 105 hours is not '05h45m', nor 21 hours '20h60m'", () => {
    expect([0, 7, 59.4, 119, 3598, 75578, 105 * 3600 + 15 * 60, 86399, 3 * 86400 + 7 * 3600 + 1200, 1e7].map(formatEta)).toEqual([
      '0s', '7s', '59s', '2m00s', '1h00m', '21h00m', '4d09h', '1d00h', '3d07h', '115d18h',
    ]);
    // cli-progress's words for an ETA with no progress yet (or past 10^7 s) and for none at all.
    expect(formatEta('INF')).toBe('?');
    expect(formatEta('NULL')).toBe('?');
  });

  test('a bar of shares within the replication the main thread runs, and of replications done', async () => {
    const t = terminal();
    const bar = await progress(2, 'koblenz', { stream: t.stream, showAfterMs: 0 });
    try {
      bar.share(0.5);
      await until(() => t.text().includes('koblenz [')); // the bar's library loads, and draws itself
      expect(t.text()).toMatch(/koblenz \[[^\]]*\] 25% \| 0\/2 replications/);
      // Its first draw has no rate to estimate from: no ETA, rather than one of months.
      expect(t.text()).toMatch(/replications \| ETA \?/);
      bar.tick();
      bar.share(0.8);
    } finally {
      bar.stop(); // draws the bar as it stands, then clears it
    }
    expect(t.text()).toMatch(/koblenz \[[^\]]*\] 90% \| 1\/2 replications/);
  });

  test("on a terminal too narrow for the whole line, the bar narrows and the label loses its start: the counts stay in sight", async () => {
    const label = 'recklinghausen-phase2 hub.chargers[0].cabinets=62 hub.gridKw=1000';
    /** The first line a bar of `total` replications, `done` of them before it and one ticked, draws on a terminal `columns` wide, without the terminal's control sequences. */
    const firstLine = async (columns: number, total: number, done: number) => {
      const t = terminal(true, columns);
      const bar = await progress(total, label, { stream: t.stream, showAfterMs: 0, done });
      try {
        bar.tick();
        await until(() => t.text().includes('replications'));
      } finally {
        bar.stop();
      }
      return t.text().split('\x1b[1G')[1].replace(/\x1b(\[[0-9;?]*[a-zA-Z]|[78])/g, '');
    };
    const drawn = await firstLine(80, 16, 8);
    expect(drawn).toBe('\u2026rs[0].cabinets=62 hub.gridKw=1000 [██████░░░░] 56% | 9/16 replications | ETA ?');
    expect(drawn.length).toBe(79);
    // Where the line fits, it is drawn whole, with the bar at its full 40 columns.
    expect(await firstLine(200, 16, 8)).toBe(`${label} [${'█'.repeat(23)}${'░'.repeat(17)}] 56% | 9/16 replications | ETA ?`);
    // Narrower than the counts and a bar of MIN_BAR_WIDTH: the label goes, then the bar narrows on.
    const fitted = await firstLine(48, 3000, 2999);
    expect(fitted).toBe(' [██████] 100% | 3000/3000 replications | ETA ?');
    expect(fitted.length).toBeLessThanOrEqual(47);
  });

  test('a finished replication counts once: the share its run had covered is not added to it', async () => {
    const t = terminal();
    const bar = await progress(2, 'koblenz', { stream: t.stream, showAfterMs: 0 });
    try {
      bar.share(0.8);
      await until(() => t.text().includes('koblenz ['));
      expect(t.text()).toMatch(/koblenz \[[^\]]*\] 40% \| 0\/2 replications/);
      bar.tick();
    } finally {
      bar.stop(); // draws the bar as it stands
    }
    expect(t.text()).toMatch(/koblenz \[[^\]]*\] 50% \| 1\/2 replications/);
    expect(t.text()).not.toMatch(/9\d% \|/);
  });

  test('a share told outside 0 to 1 moves the bar at most one replication, and never back', async () => {
    const t = terminal();
    const bar = await progress(2, 'koblenz', { stream: t.stream, showAfterMs: 0 });
    try {
      bar.share(1.7);
      await until(() => t.text().includes('koblenz ['));
      expect(t.text()).toMatch(/koblenz \[[^\]]*\] 50% \| 0\/2 replications/);
      bar.tick();
      bar.share(-0.5);
    } finally {
      bar.stop();
    }
    expect(t.text()).toMatch(/50% \| 1\/2 replications/);
    expect(t.text()).not.toMatch(/(8\d|2\d)% \|/);
  });

  test('a label left room for under three characters is left out: no lone ellipsis', () => {
    // A stand-in for cli-progress's formatter: the format with its bar drawn `barsize` wide.
    const formatter = (options: object) => {
      const { format, barsize } = options as { format: string; barsize: number };
      return format.replace('{bar}', '#'.repeat(barsize));
    };
    const line = (maxWidth: number) => fitLine(formatter, 'koblenz', ' [{bar}] 50%', {}, { maxWidth }, {});
    // 7 columns of the line are fixed, the bar takes its narrowest 10, one column stays free.
    expect(line(21)).toBe('\u2026nz [##########] 50%');
    expect(line(20)).toBe(' [##########] 50%');
    expect(line(19)).toBe(' [##########] 50%');
    expect(line(40)).toBe(`koblenz [${'#'.repeat(25)}] 50%`);
  });

  test("a batch that adds replications to a design's earlier ones counts them all: 10 more after 10 show as 10/20, not 0/10", async () => {
    const t = terminal();
    const bar = await progress(20, 'koblenz', { stream: t.stream, showAfterMs: 0, done: 10 });
    try {
      bar.share(0.5);
      await settle();
      expect(t.text()).toMatch(/koblenz \[[^\]]*\] 52% \| 10\/20 replications/);
      bar.tick();
    } finally {
      bar.stop();
    }
    expect(t.text()).toMatch(/11\/20 replications/);
  });

  test("the delay runs from the command's start, not the bar's: a later batch's bar appears at once", async () => {
    const t = terminal();
    const started = performance.now() - 5_000; // a command that has run 5 s
    const bar = await progress(2, 'koblenz', { stream: t.stream, showAfterMs: 1_000, since: started });
    try {
      bar.share(0.5);
      await until(() => t.text().includes('koblenz ['));
      expect(t.text()).toMatch(/koblenz \[[^\]]*\] 25% \| 0\/2 replications/);
    } finally {
      bar.stop();
    }
  });

  test('a process that ends with its bar shown gives the terminal back its cursor', () => {
    // As on Ctrl-C, where the clean-ups run and the process exits at once (interrupt.ts): here a
    // plain exit, which runs the same clean-ups. The child prints what its terminal received.
    const progressJs = new URL('../dist/cli/progress.js', import.meta.url).href;
    const child = [
      `import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';`,
      `import { progress } from '${progressJs}';`,
      `const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });`,
      `let text = ''; stream.on('data', (d) => (text += d));`,
      `const bar = await progress(2, 'koblenz', { stream, showAfterMs: 0 });`,
      `bar.share(0.5);`,
      `for (let i = 0; i < 500 && !text.includes('koblenz ['); i++) await new Promise((r) => setTimeout(r, 20));`,
      `process.on('exit', () => process.stdout.write(JSON.stringify(text)));`,
      `process.exit(0);`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', env: { ...process.env } });
    expect(r.status).toBe(0);
    const text = JSON.parse(r.stdout) as string;
    expect(text).toContain('\x1b[?25l'); // the bar hid the cursor
    expect(text.slice(text.lastIndexOf('koblenz ['))).toContain('\x1b[?25h'); // and showed it again after its last drawing
  });

  test('nothing before it has run a while, nor on a stream that is not a terminal', async () => {
    const early = terminal();
    const bar = await progress(2, 'koblenz', { stream: early.stream, showAfterMs: 60_000, since: performance.now() });
    bar.share(0.5);
    bar.tick();
    await settle();
    bar.stop();
    expect(early.text()).toBe('');
    // The delay counts from the command's start: a process up longer than it shows nothing yet.
    const fresh = terminal();
    const up = performance.now();
    const later = await progress(2, 'koblenz', { stream: fresh.stream, showAfterMs: up / 2, since: up });
    later.share(0.5);
    await settle();
    later.stop();
    expect(fresh.text()).toBe('');
    const piped = terminal(false);
    const quiet = await progress(2, 'koblenz', { stream: piped.stream, showAfterMs: 0 });
    quiet.share(0.5);
    await settle();
    quiet.stop();
    expect(piped.text()).toBe('');
  });

  test("a trace's bar counts the bytes read of the file, and starts again for the next trace", async () => {
    const t = terminal();
    const reading = traceProgress({ stream: t.stream, showAfterMs: 0 });
    /** Reads `bytes` of `trace` (of `total`, or from a pipe) and waits for its line to show. */
    const read = async (trace: string, bytes: number, total: number | undefined) => {
      reading.onTrace(trace, bytes, total);
      await until(() => t.text().includes(`trace ${trace}${total === undefined ? '' : ' ['}`));
    };
    try {
      await read('traces/koblenz.csv', 1_000_000, 4_000_000);
      reading.onTrace('traces/koblenz.csv', 2_000_000, 4_000_000);
      await until(() => t.text().includes('50%'));
      expect(t.text()).toMatch(/trace traces\/koblenz\.csv \[[^\]]*\] 50% \| 2\.0 MB of 4\.0 MB \| ETA /);
      // Another trace, further along than this one was: a bar of its own, under its own name.
      await read('traces/berlin.csv', 3_000_000, 4_000_000);
      expect(t.text()).toMatch(/trace traces\/berlin\.csv \[[^\]]*\] 75% \| 3\.0 MB of 4\.0 MB/);
      // The next scenario's trace, from a pipe: no length to measure a bar against.
      await read('traces/piped.csv', 1_500_000, undefined);
      expect(t.text()).toMatch(/trace traces\/piped\.csv \| 1\.5 MB read/);
      // Under a megabyte, in kB: 0.0 MB read looked stalled while the bytes came in.
      await read('traces/short.csv', 2_048, undefined);
      expect(t.text()).toMatch(/trace traces\/short\.csv \| 2\.0 kB read/);
      await read('traces/small.csv', 500, 2_000);
      expect(t.text()).toMatch(/trace traces\/small\.csv \[[^\]]*\] 25% \| 0\.5 kB of 2\.0 kB/);
      // Where kB would read 1000.0, MB.
      await read('traces/near.csv', 999_960, undefined);
      expect(t.text()).toMatch(/trace traces\/near\.csv \| 1\.0 MB read/);
    } finally {
      reading.stop();
    }
    const piped = terminal(false);
    const quiet = traceProgress({ stream: piped.stream, showAfterMs: 0 });
    quiet.onTrace('traces/koblenz.csv', 1_000_000, 4_000_000);
    await settle();
    quiet.stop();
    expect(piped.text()).toBe('');
  });

  test('a bar stopped before its library has loaded never draws itself', async () => {
    const t = terminal();
    const bar = await progress(2, 'koblenz', { stream: t.stream, showAfterMs: 0 });
    bar.share(0.5); // starts loading the bar's library
    bar.stop();
    const late = terminal();
    const shown = await progress(2, 'koblenz', { stream: late.stream, showAfterMs: 0 });
    shown.share(0.5);
    await until(() => late.text().includes('koblenz [')); // by then the library has loaded for both
    shown.stop();
    expect(t.text()).toBe('');
  });

  test('nothing in a CI job, whose log would keep every redraw, though its runner gives it a terminal', async () => {
    for (const ci of ['true', '1']) {
      const job = terminal();
      const bar = await progress(2, 'koblenz', { stream: job.stream, showAfterMs: 0, ci });
      bar.share(0.5);
      await settle();
      bar.stop();
      expect(job.text()).toBe('');
    }
    const local = terminal();
    const shown = await progress(2, 'koblenz', { stream: local.stream, showAfterMs: 0, ci: 'false' });
    shown.share(0.5);
    await until(() => local.text().includes('koblenz ['));
    shown.stop();
  });

  test('nothing on a dumb terminal, which would show the cursor codes as text', async () => {
    const dumb = terminal();
    const bar = await progress(2, 'koblenz', { stream: dumb.stream, showAfterMs: 0, term: 'dumb' });
    bar.share(0.5);
    await settle();
    bar.stop();
    expect(dumb.text()).toBe('');
  });
});
