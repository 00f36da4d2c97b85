/** What tests of bad input read from the InputError it raises. */
import { expect } from '@jest/globals';
import { InputError, type InputIssue } from '../../src/errors.js';

/** Checks that `err` is an InputError with well-formed issues, and returns them. */
export function issuesIn(err: unknown): readonly InputIssue[] {
  expect(err).toBeInstanceOf(InputError);
  const issues = (err as InputError).issues;
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(typeof i.path).toBe('string');
    expect(i.path.length).toBeGreaterThan(0);
    expect(typeof i.expected).toBe('string');
    expect(i.expected.length).toBeGreaterThan(0);
  }
  return issues;
}

/** Runs `f`, which must throw an InputError, and returns its issues. */
export function issuesOf(f: () => unknown): readonly InputIssue[] {
  try {
    f();
  } catch (err) {
    return issuesIn(err);
  }
  throw new Error('expected an InputError, but the input was accepted');
}
