import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { EnvironmentError } from '../src/errors.js';
import { within } from '../src/cli/places.js';
import { STAGING, unstagedError, writeFailure } from '../src/cli/staging.js';

// A write into a staging folder that fails is told of where its result would have gone: the
// staging folder is gone by the time the message is read.

const stage = `${STAGING}host~123~0a0b0c0d`;
const fsError = (path?: string) => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open', path });

describe('writeFailure', () => {
  test.each([
    ['out', 'out'],
    ['/abs/out', '/abs/out'],
    // `--out .` puts the staging folder at the start of the path, with no separator before it.
    ['.', '.'],
    ['/', '/'],
  ])('names the folder under --out %s, not the staging folder', (root, shown) => {
    const dir = join(root, stage, 'small');
    const named = writeFailure(fsError(join(dir, 'summary.csv')), dir);
    expect(named).toBeInstanceOf(EnvironmentError);
    expect((named as Error).message).toBe(`cannot write ${join(shown, 'small', 'summary.csv')}: permission denied (EACCES)`);
    const unnamed = writeFailure(fsError(), dir);
    expect((unnamed as Error).message).toBe(`cannot write into ${join(shown, 'small')}: permission denied (EACCES)`);
    expect((writeFailure(fsError(), join(root, stage)) as Error).message).toBe(`cannot write into ${shown}: permission denied (EACCES)`);
  });

  test('leaves a path outside any staging folder, and an error of no file, as they are', () => {
    expect((writeFailure(fsError('out/small/x.csv'), 'out/small') as Error).message).toBe('cannot write out/small/x.csv: permission denied (EACCES)');
    expect(unstagedError(fsError(`out/not${stage}/x.csv`)).path).toBe(`out/not${stage}/x.csv`);
    // A file outside the folder being written was being read: a part of vega, loaded as a report is drawn.
    const elsewhere = writeFailure(Object.assign(fsError('/opt/hubsim/node_modules/vega-force/build/vega-force.js'), { code: 'EMFILE' }), join('out', stage, 'small'));
    expect((elsewhere as Error).message).toBe('cannot read /opt/hubsim/node_modules/vega-force/build/vega-force.js: too many open files (EMFILE)');
    // Node's permission model names no path but the resource it refused, and whether it was a read.
    const denied = (resource: string, permission: string) => Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED', resource, permission });
    expect((writeFailure(denied('/opt/hubsim/node_modules/vega/build/vega.js', 'FileSystemRead'), join('out', stage, 'small')) as Error).message).toBe(
      "cannot read /opt/hubsim/node_modules/vega/build/vega.js: refused by Node's permission model (--permission) (ERR_ACCESS_DENIED)",
    );
    expect((writeFailure(denied(join('out', stage, 'small', 'summary.csv'), 'FileSystemWrite'), join('out', stage, 'small')) as Error).message).toBe(
      `cannot write ${join('out', 'small', 'summary.csv')}: refused by Node's permission model (--permission) (ERR_ACCESS_DENIED)`,
    );
    // A read refused inside the folder being written (a slice's part file read back) is a read, not a write.
    expect((writeFailure(denied(join('out', stage, 'small', 'sessions.1.part'), 'FileSystemRead'), join('out', stage, 'small')) as Error).message).toBe(
      `cannot read ${join('out', 'small', 'sessions.1.part')}: refused by Node's permission model (--permission) (ERR_ACCESS_DENIED)`,
    );
    const bug = new TypeError('x');
    expect(writeFailure(bug, join(stage, 'small'))).toBe(bug);
  });
});

describe('within', () => {
  test('a path is inside a folder only below it: not the folder above it, nor one beside it of a longer name', () => {
    expect(within(join('out', 'small', 'summary.csv'), join('out', 'small'))).toBe(true);
    expect(within(join('out', 'small'), join('out', 'small'))).toBe(true);
    expect(within('out', join('out', 'small'))).toBe(false);
    expect(within(join('out', 'smaller', 'x.csv'), join('out', 'small'))).toBe(false);
    expect(within(join('out', '..small'), 'out')).toBe(true);
  });
});
