import { describe, expect, jest, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratch } from './helpers/scratch.js';

// The output folder under Windows's rules, emulated on any system: Windows renames no folder onto
// another (EPERM, even onto an empty one), and refuses to remove a file another program holds open
// (EBUSY, for as long as it is held). `busy` names the paths whose removal fails that way. And the
// files that macOS's Finder and Windows's Explorer leave in folders a user has browsed.

const busy = new Set<string>();
/** Paths whose renaming away fails with EBUSY: a result folder with a file in it held open. */
const held = new Set<string>();

function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: ${syscall} '${path}'`) as NodeJS.ErrnoException;
  err.code = code;
  err.syscall = syscall;
  err.path = path;
  return err;
}

jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  renameSync: (from: fs.PathLike, to: fs.PathLike) => {
    if (held.has(String(from))) throw fsError('EBUSY', 'rename', String(from));
    if (fs.existsSync(to) && fs.statSync(to).isDirectory()) throw fsError('EPERM', 'rename', String(from));
    fs.renameSync(from, to);
  },
  rmSync: (path: fs.PathLike, options?: fs.RmOptions) => {
    if ([...busy].some((b) => String(path).includes(b))) throw fsError('EBUSY', 'rm', String(path));
    fs.rmSync(path, options);
  },
}));

const { HOST, heldOpenHint, OutputRoot, renamePatiently, replaceFolder } = await import('../src/cli/outdir.js');

const tmp = () => scratch('hubsim-win-');

describe('the lock of an output folder, where a rename onto a folder fails with EPERM', () => {
  test('held by a live run, is waited for rather than reported as a folder that cannot be written', async () => {
    const out = tmp();
    const lock = join(out, '.hubsim-lock');
    fs.mkdirSync(lock);
    fs.writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
    setTimeout(() => fs.rmSync(lock, { recursive: true }), 150);
    const root = await OutputRoot.open(out);
    expect(fs.existsSync(root.stage)).toBe(true);
    root.discard();
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('two runs into one --out take turns: both results arrive', async () => {
    const out = tmp();
    const roots = await Promise.all([OutputRoot.open(out), OutputRoot.open(out)]);
    roots.forEach((r, i) => {
      fs.mkdirSync(join(r.stage, `s${i}`));
      fs.writeFileSync(join(r.stage, `s${i}`, 'summary.csv'), `${i}\n`);
    });
    await Promise.all(roots.map((r) => r.commit()));
    expect(fs.readdirSync(out).sort()).toEqual(['s0', 's1']);
  });
});

describe("a dead run's leftovers", () => {
  test('that cannot be removed yet (a file in them held open) do not stop a run into that --out', async () => {
    const out = tmp();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const staging = `.hubsim-staging-${HOST}~${dead}~00000000`;
    fs.mkdirSync(join(out, staging));
    fs.writeFileSync(join(out, staging, 'summary.csv'), 'held\n');
    busy.add(staging);
    const root = await OutputRoot.open(out);
    fs.mkdirSync(join(root.stage, 'hub'));
    fs.writeFileSync(join(root.stage, 'hub', 'summary.csv'), 'new\n');
    await root.commit();
    busy.clear();
    expect(fs.readdirSync(out).sort()).toEqual([staging, 'hub']);
    // The next run, the file no longer held, removes it.
    (await OutputRoot.open(out)).discard();
    expect(fs.readdirSync(out)).toEqual(['hub']);
  });
});

describe('a result folder replaced', () => {
  test('is in place, without an error, when the old one it set aside cannot be removed yet', async () => {
    const out = tmp();
    for (const text of ['old\n', 'new\n']) {
      const root = await OutputRoot.open(out);
      fs.mkdirSync(join(root.stage, 'hub'));
      fs.writeFileSync(join(root.stage, 'hub', 'summary.csv'), text);
      busy.add('.hubsim-aside-');
      await root.commit();
    }
    expect(fs.readFileSync(join(out, 'hub', 'summary.csv'), 'utf8')).toBe('new\n');
    // The set-aside folder stays for the next run to remove (its owner being dead by then).
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.hubsim-aside-'))).toHaveLength(1);
    busy.clear();
  });

  test('replaceFolder reports a removal that fails as nothing wrong', () => {
    const out = tmp();
    for (const name of ['from', 'target']) {
      fs.mkdirSync(join(out, name));
      fs.writeFileSync(join(out, name, 'summary.csv'), `${name}\n`);
    }
    const remove = () => {
      throw fsError('EBUSY', 'rm', 'aside');
    };
    replaceFolder(join(out, 'from'), join(out, 'target'), join(out, 'aside'), undefined, remove);
    expect(fs.readFileSync(join(out, 'target', 'summary.csv'), 'utf8')).toBe('from\n');
  });
});

describe('a result folder a user has browsed', () => {
  test.each([['.DS_Store'], ['._summary.csv'], ['Thumbs.db'], ['desktop.ini']])('is replaced with the %s that Finder or Explorer left in it', async (name) => {
    const out = tmp();
    for (const text of ['old\n', 'new\n']) {
      const root = await OutputRoot.open(out);
      root.checkTargets([['hub', 'run']]);
      fs.mkdirSync(join(root.stage, 'hub'));
      fs.writeFileSync(join(root.stage, 'hub', 'summary.csv'), text);
      await root.commit();
      fs.writeFileSync(join(out, 'hub', name), 'desktop\n');
    }
    expect(fs.readFileSync(join(out, 'hub', 'summary.csv'), 'utf8')).toBe('new\n');
  });

  test('is not replaced when it holds a file of the user\'s, nor a folder under such a name', async () => {
    const out = tmp();
    fs.mkdirSync(join(out, 'hub', '.DS_Store'), { recursive: true });
    fs.writeFileSync(join(out, 'hub', '._notes.txt'), 'mine\n');
    const root = await OutputRoot.open(out);
    expect(() => root.checkTargets([['hub', 'run']])).toThrow(/holds entries hubsim did not write \(\.DS_Store, \._notes\.txt\)/);
    root.discard();
  });
});

describe('renamePatiently', () => {
  /** A rename that fails with `code` the first `times` calls, then succeeds; and its calls. */
  function failing(code: string, times: number) {
    const calls: string[] = [];
    const rename = (from: string) => {
      calls.push(from);
      if (calls.length <= times) throw fsError(code, 'rename', from);
    };
    return { rename, calls };
  }

  test('on Windows, tries a file held open for a moment (a virus scan) again', () => {
    for (const code of ['EBUSY', 'EPERM', 'EACCES']) {
      const { rename, calls } = failing(code, 3);
      renamePatiently('a', join(tmpdir(), 'hubsim-nothing-here'), 'win32', rename);
      expect(calls).toHaveLength(4);
    }
  });

  test('gives up after about a second on Windows, and at once elsewhere or onto a folder', () => {
    const { rename, calls } = failing('EBUSY', Infinity);
    const started = Date.now();
    expect(() => renamePatiently('a', join(tmpdir(), 'hubsim-nothing-here'), 'win32', rename)).toThrow(/EBUSY/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls.length).toBeGreaterThan(1);
    for (const [platform, to] of [['linux', join(tmpdir(), 'hubsim-nothing-here')], ['darwin', join(tmpdir(), 'hubsim-nothing-here')], ['win32', tmpdir()]]) {
      const once = failing('EPERM', Infinity);
      expect(() => renamePatiently('a', to, platform, once.rename)).toThrow(/EPERM/);
      expect(once.calls).toHaveLength(1);
    }
  });

  test('a move that still fails on Windows says which program may hold the file', () => {
    expect(heldOpenHint(fsError('EBUSY', 'rename', 'x'), 'win32')).toMatch(/open in another program \(Excel/);
    expect(heldOpenHint(fsError('EPERM', 'rename', 'x'), 'linux')).toBe('');
    expect(heldOpenHint(fsError('ENOSPC', 'rename', 'x'), 'win32')).toBe('');
  });
});

// compare's files and A's folder moved in, B's held open: the message said only that B could not move.
test('a result that cannot be moved into place after others were is said to leave the folder holding two runs, naming which is which', async () => {
  const out = tmp();
  const commitOf = async (text: string) => {
    const root = await OutputRoot.open(out);
    for (const name of ['a', 'b', 'c']) {
      fs.mkdirSync(join(root.stage, name));
      fs.writeFileSync(join(root.stage, name, 'summary.csv'), text);
    }
    try {
      await root.commit();
    } finally {
      root.discard();
    }
  };
  await commitOf('first\n');
  held.add(join(out, 'b'));
  try {
    await expect(commitOf('second\n')).rejects.toThrow(
      `--out: cannot move b into place in ${out}: busy (EBUSY)${heldOpenHint(fsError('EBUSY', 'rename', join(out, 'b')))}; a was replaced already and b and c are as before, of another run: run the command again once it can move them`,
    );
  } finally {
    held.clear();
  }
  expect(['a', 'b', 'c'].map((f) => fs.readFileSync(join(out, f, 'summary.csv'), 'utf8'))).toEqual(['second\n', 'first\n', 'first\n']);
});
