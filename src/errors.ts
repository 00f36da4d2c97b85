/** One problem found in user input: where it is, what was expected, and what was found. */
export interface InputIssue {
  /** JSON path (`hub.chargers[1].cabinetKw`), trace location (`trace row 4, column soc_in`) or CLI option. */
  readonly path: string;
  /** What the value must be, phrased to follow the path: "must be a number > 0". */
  readonly expected: string;
  /** The offending value as the user wrote it, already rendered for display; undefined when absent. */
  readonly found?: string;
}

/** Base of every error hubsim throws on purpose; anything else is a bug. */
export class HubsimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input (scenario, trace, baseline, command line): the user can fix it. Exit code 2. */
export class InputError extends HubsimError {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[], source?: string, message?: string) {
    super(message ?? InputError.render(issues, source));
    this.issues = issues;
  }

  /** One error holding the issues of several (each file's heading kept in the message). */
  static combine(errors: readonly InputError[]): InputError {
    return new InputError(errors.flatMap((e) => e.issues), undefined, errors.map((e) => e.message).join('\n'));
  }

  /** Formats issues one per line as `path: expected (got found)`. */
  static render(issues: readonly InputIssue[], source?: string): string {
    const lines = issues.map(formatIssue);
    const head = source ? `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` : '';
    return head + lines.map((l) => (source ? `  ${l}` : l)).join('\n');
  }
}

/** Formats one issue as `path: expected (got found)`. */
export function formatIssue(issue: InputIssue): string {
  const got = issue.found === undefined ? '' : ` (got ${issue.found})`;
  return `${issue.path}: ${issue.expected}${got}`;
}

/** A broken invariant inside the simulation: a bug in hubsim, not in the input. */
export class SimulationError extends HubsimError {}

/** Renders any value the way a user wrote it in JSON, shortened for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
