import { parse } from 'csv-parse/sync';
import { quoteIssue } from '../../csv-quotes.js';
import { InputError, show, shownPath, usual, type InputIssue } from '../../errors.js';
import { ALWAYS_DEFINED, METRIC_NAMES, type MetricName } from '../../model/metrics.js';
import { BASELINE_COLUMNS, CHECK_COLUMNS } from '../../output/columns.js';
import { csvText, exact } from '../../output/csv.js';
import type { Scenario } from '../../scenario/types.js';
import { FEW_REPLICATIONS, tQuantile975, type Summary } from '../../stats/summary.js';
import { MAX_REPLICATIONS, type Tolerance, type Tolerances } from '../args.js';
import { summariseRows } from '../batch.js';
import { BASELINE_KIND, checkOutsideResults, checkReplaceable, checkWritable, lexical, writeFileAtomic, writtenKind } from '../outdir.js';
import { hearInterrupts, heedInterrupts, resultsInPlace, withDefaultSignals } from '../interrupt.js';
import { ReplicationPool, type Workers } from '../pool.js';
import { readBoundedText } from '../../bounded-read.js';
import { metricsTask } from '../replicate.js';
import { progress } from '../progress.js';
import { fitTable, human, noWidth } from '../table.js';
import { metricInfo } from '../../report/metrics.js';
import { loadAll } from './common.js';
import { likelyMeant } from '../../scenario/suggest.js';
import { COMMAS, counted, listed, otherSeparator, separatedCells, UTF16_TEXT } from '../../words.js';

/** A baseline as written by `hubsim baseline`: how it was run and each metric's summary. */
export interface Baseline {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly metrics: Readonly<Record<string, Summary>>;
  /** The line of the file that holds its first row (blank lines may come before it). */
  readonly firstLine: number;
  /** Columns of its header that a baseline has not, which nothing reads (a `tolerance` added by hand, say). */
  readonly ignored: readonly string[];
}

/** Runs the replications in memory (no result files) and summarises them. */
async function summaries(s: Scenario, seed: number, replications: number, workers: Workers): Promise<Record<string, Summary>> {
  const tasks = Array.from({ length: replications }, (_, i) => metricsTask(s, seed, i + 1));
  // Ctrl-C during the replications, which may take minutes, is heard; nothing is staged to remove.
  const heard = hearInterrupts();
  const pool = new ReplicationPool(workers);
  // The bar run shows (on a terminal, once a second has passed): a check of many replications takes minutes.
  const bar = await progress(replications, s.name);
  try {
    const outcomes = await pool.run(tasks, { onDone: () => bar.tick(), onShare: (share) => bar.share(share) });
    return summariseRows(outcomes.map((o) => ({ replication: o.replication, seed: o.seed, metrics: o.metrics })));
  } finally {
    bar.stop();
    await pool.close();
    heard();
  }
}

/** `hubsim baseline`: writes the baseline CSV (atomically: a temporary file beside it, renamed into place). */
export async function baselineCommand(
  a: { scenario: string; seed?: number; replications: number; workers: Workers; out: string },
  print: (s: string) => void,
): Promise<void> {
  const [{ scenario: s }] = await loadAll([a.scenario]);
  // Checked before the replications run, so that a wrong --out costs nothing, and again just before
  // the file is replaced, in case something else was put there meanwhile.
  const ours = { what: 'a baseline hubsim wrote', test: isBaseline };
  checkOutsideResults(a.out, '--out');
  checkReplaceable(a.out, '--out', ours);
  checkWritable(a.out, '--out');
  const seed = a.seed ?? s.seed;
  const sum = await summaries(s, seed, a.replications, a.workers);
  const rows = METRIC_NAMES.map((m) => [s.name, String(seed), String(a.replications), m, exact(sum[m].mean), exact(sum[m].sd), exact(sum[m].ci95Low), exact(sum[m].ci95High), String(sum[m].n)]);
  await heedInterrupts(); // Ctrl-C during the last replications is heard before the file is replaced
  writeFileAtomic(a.out, csvText(BASELINE_COLUMNS, rows), '--out', ours);
  await resultsInPlace(a.out);
  // The path written, as run prints its folder: x/../base.csv wrote base.csv, not x's.
  print(`wrote ${shownPath(lexical(a.out))}: ${s.name}, seed ${seed}, ${counted(a.replications, 'replication')}`);
  const few = fewReplicationsNote(a.replications);
  if (few !== undefined) print(`note: ${few}; make it with ${FEW_REPLICATIONS} or more, or check with --tolerance`);
}

/**
 * What a baseline of 2 to FEW_REPLICATIONS − 1 replications is told, and a check against it by its
 * intervals: those intervals, check's default tolerance, are so wide that a real regression passes
 * within them (a baseline of 2 let a 52 % longer mean wait through). Undefined for more, and for one,
 * whose lack of intervals allows no change at all.
 */
function fewReplicationsNote(replications: number): string | undefined {
  if (replications < 2 || replications >= FEW_REPLICATIONS) return undefined;
  const t = (n: number) => tQuantile975(n - 1).toFixed(2);
  return `with ${replications} replications, the baseline's 95 % intervals (check's default tolerance) reach ${t(replications)} standard errors each way, against ${t(10)} with 10: a regression can pass within them`;
}

/** A baseline file is a few dozen rows; anything this large is not one. */
const BASELINE_MAX_BYTES = 1 << 20;

/**
 * Whether `file` may be replaced by a baseline: it is one (its header holds the baseline's
 * columns, read as `readBaseline` reads them), or it is empty (a file made by mktemp, say).
 */
function isBaseline(file: string): boolean {
  try {
    const text = readBoundedText(file, '--out', BASELINE_MAX_BYTES);
    if (text === '') return true;
    const [header] = parse(text, { to_line: 1, trim: true, bom: true }) as string[][];
    return missingColumns(header ?? []).length === 0;
  } catch {
    return false;
  }
}

/**
 * Whether `file` may be replaced by `check --out`: it is empty, or its header is a check result's,
 * also as a Windows editor or Excel saves it again (CRLF line ends, a byte-order mark).
 */
function isCheckResult(file: string): boolean {
  try {
    const text = readBoundedText(file, '--out', BASELINE_MAX_BYTES);
    return text === '' || new RegExp(`^\\ufeff?${CHECK_COLUMNS.join(',')}\\r?\\n`).test(text);
  } catch {
    return false;
  }
}

/** The baseline columns a CSV header lacks. */
function missingColumns(header: readonly string[]): string[] {
  return BASELINE_COLUMNS.filter((c) => !header.includes(c));
}

/**
 * Reads and checks a baseline CSV. `tolerated`: the metrics `check` holds to a --tolerance, not to
 * their interval, which may then leave out a mean edited by hand.
 * @throws InputError naming the line and column of each problem.
 */
export function readBaseline(file: string, allowMissing = false, tolerated: (metric: string) => boolean = () => false): Baseline {
  // Another kind of file hubsim writes (a check result, an output folder) is named as such: most
  // often two options were swapped.
  const other = writtenKind(file);
  if (other !== undefined && other !== BASELINE_KIND) throw new InputError([{ path: file, expected: 'must be a baseline CSV, as hubsim baseline writes', found: other }]);
  // A pipe may wait for its writer: a signal meanwhile ends the command (see withDefaultSignals).
  const text = withDefaultSignals(() => readBoundedText(file, 'baseline CSV', BASELINE_MAX_BYTES, 'file or pipe'));
  // A baseline saved again as Windows's "Unicode" (UTF-16) has a NUL byte beside every letter, and
  // would otherwise be called cut short, for the NUL after its last line break.
  if (text.includes('\0')) {
    const utf16 = text.replace(/[\0\uFFFD]/g, '').includes(BASELINE_COLUMNS[0]);
    throw new InputError([{ path: file, expected: 'must be UTF-8 text, as hubsim writes it', found: utf16 ? UTF16_TEXT : 'a NUL byte, as in binary data' }]);
  }
  // A scenario given as the baseline (the two files swapped) read as CSV told of a closing quote.
  if (/^\ufeff?\s*[{[]/.test(text)) {
    // A scenario has a hub; a run.json holds one too, under the version of hubsim that ran it.
    const scenario = /"hub"\s*:/.test(text) && !/"hubsim"\s*:/.test(text);
    throw new InputError([{ path: file, expected: `must be a baseline CSV, as hubsim baseline writes${scenario ? ' (the scenario comes first: hubsim check SCENARIO --baseline FILE)' : ''}`, found: scenario ? 'JSON, as in a scenario file' : 'JSON' }]);
  }
  // hubsim ends every row with a line break. A file cut short (a copy or download that stopped) can
  // still parse: its last row's n, the last cell, loses digits (10 reads 1), and the check would
  // then call that metric moved (exit 1) rather than the file broken.
  // A file saved with a classic Mac's line ends (CR alone) is one line, and would be called cut short.
  if (!text.includes('\n') && text.includes('\r')) {
    throw new InputError([{ path: file, expected: 'must end its lines with LF (or CRLF), as hubsim writes it', found: 'lines ended by CR alone (as classic Mac OS saved text): save it with LF or CRLF line ends' }]);
  }
  if (text !== '' && !text.endsWith('\n')) {
    // The end of the last line, where the cut is.
    const last = text.slice(text.lastIndexOf('\n') + 1);
    const tail = last.length > 40 ? `...${last.slice(-37)}` : last;
    throw new InputError([{ path: file, expected: 'must end with a line break, as hubsim writes it: a file cut short loses the end of its last row', found: `${show(tail)} at the end` }]);
  }
  // A baseline saved again by a spreadsheet set to a language that writes decimal commas has its
  // cells separated by semicolons (or tabs), and its rows would be blamed for a count of fields.
  const head = text.slice(0, text.indexOf('\n') + 1).replace(/^\ufeff/, '');
  const separator = otherSeparator(head, (cells) => BASELINE_COLUMNS.length - missingColumns(cells.map((n) => n.trim())).length);
  if (separator !== undefined) {
    throw new InputError([{ path: `${file} line 1 (the header)`, expected: `${COMMAS}, as hubsim writes it`, found: separatedCells(separator) }]);
  }
  let records: Record<string, string>[];
  // Each row's line in the file: a blank line (skipped) before it would shift a count of rows.
  let lines: number[];
  // A column named twice would have its later cells silently win over the earlier ones (csv-parse
  // keys a row by name), so that a hand-edited file is judged by a column its reader never meant.
  let repeated: InputIssue | undefined;
  const header = (names: string[]) => {
    const at = names.findIndex((n, i) => n !== '' && names.indexOf(n) !== i);
    if (at >= 0) repeated = { path: `${file} line 1, column ${at + 1}`, expected: `must not repeat column ${names.indexOf(names[at]) + 1}`, found: show(names[at]) };
    return names;
  };
  try {
    // A row of empty cells (`,,,,,,,,`) is how a spreadsheet saves a row whose contents were
    // cleared: skipped as a blank line is, below the header (csv-parse's own option would skip one
    // in the header's place too, and take the next line for it). CR LF and LF both end a line: a
    // baseline saved on Windows and appended to with `echo` has both (a CR alone is refused above).
    const parsed = (parse(text, { columns: header, skip_empty_lines: true, trim: true, info: true, record_delimiter: ['\r\n', '\n'] }) as { record: Record<string, string>; info: { lines: number } }[]).filter((p) =>
      Object.values(p.record).some((v) => v !== ''),
    );
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number; record?: unknown[] };
    // A row with more or fewer fields than the header: say so in the baseline's terms.
    if ((e.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' || e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') && e.lines !== undefined) {
      throw new InputError([{ path: `${file} line ${e.lines}`, expected: 'must have as many fields as the header', found: `${e.record?.length ?? 'another number of'} fields` }]);
    }
    // csv-parse names the line where the file ends, inside the quoted cell: the edit is where it opened.
    const opened = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : undefined;
    if (opened !== undefined) {
      throw new InputError([{ path: `${file} line ${opened}`, expected: 'must close every quote it opens', found: 'a quote still open at the end of the file' }]);
    }
    // A quote out of place is on the line csv-parse stopped at; one left open, on a line not found above.
    const quote = quoteIssue(e, e.code === 'CSV_QUOTE_NOT_CLOSED' || e.lines === undefined ? file : `${file} line ${e.lines}`);
    if (quote !== undefined) throw new InputError([quote]);
    throw new InputError([{ path: file, expected: 'must be valid CSV', found: e.message }]);
  }
  if (repeated) throw new InputError([repeated]);
  const issues: InputIssue[] = [];
  const missing = missingColumns(records.length > 0 ? Object.keys(records[0]) : []);
  if (records.length === 0 || missing.length > 0) {
    throw new InputError([{ path: file, expected: `must have a header with ${BASELINE_COLUMNS.join(', ')} and one row per metric`, found: text.trim() === '' ? 'an empty file' : /^[\s,]*,[\s,]*$/.test(text.split('\n')[0]) ? 'line 1 of empty cells only: the header must be the first line' : records.length === 0 ? 'no rows' : `missing ${missing.join(', ')}` }]);
  }
  // Every row repeats the scenario, seed and replications; a row that differs is blamed against
  // the value most rows give (the first row's on a tie), so one edited row is named, not the others.
  const given = Object.fromEntries((['scenario', 'seed', 'replications'] as const).map((col) => [col, usual(records, (r) => r[col])[col]])) as Record<'scenario' | 'seed' | 'replications', string>;
  const first = { ...records[0], ...given };
  const metrics: Record<string, Summary> = Object.create(null);
  const lineOf: Record<string, number> = Object.create(null);
  const num = (v: string, line: number, col: string, allowEmpty: boolean): number => {
    if (v === '' && allowEmpty) return NaN;
    const x = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(x)) issues.push({ path: `${file} line ${line}, column ${col}`, expected: 'must be a finite number', found: show(v) });
    return x;
  };
  // A count or a seed as hubsim writes it, digits alone: a spreadsheet that saved a long seed as
  // 1.23457E+13 would otherwise have the check run another seed, a whole number all the same.
  const whole = (v: string, line: number, col: string): number => {
    if (/^(0|[1-9]\d*)$/.test(v)) return Number(v);
    const seed = col === 'seed' ? '; a spreadsheet may have saved a long seed as 1.23457E+13' : '';
    issues.push({ path: `${file} line ${line}, column ${col}`, expected: `must be a whole number as hubsim writes it, in digits alone (not 1.0, 1e3, +1 or 01${seed})`, found: show(v) });
    return NaN;
  };
  // The replications bound every row's n: a count that cannot be one is said once, as itself, and
  // not as every row's n out of range.
  const replications = whole(first.replications, lines[0], 'replications');
  const replicationsOk = Number.isInteger(replications) && replications >= 1 && replications <= MAX_REPLICATIONS;
  if (!Number.isNaN(replications) && !replicationsOk) {
    issues.push({ path: `${file} line ${lines[0]}, column replications`, expected: `must be a whole number in [1, ${MAX_REPLICATIONS}]`, found: first.replications });
  }
  // Replications edited (or another run's rows pasted in) show as the metrics every replication
  // defines agreeing on another count: said once, of the replications, not as every row's n wrong.
  const everywhere = records.filter((r) => (ALWAYS_DEFINED as readonly string[]).includes(r.metric));
  const agreed = everywhere.length > 1 && everywhere.every((r) => r.n === everywhere[0].n) ? everywhere[0].n : '';
  const edited = replicationsOk && /^[1-9]\d*$/.test(agreed) && Number(agreed) !== replications;
  if (edited) {
    issues.push({ path: `${file} line ${lines[0]}, column replications`, expected: `must be the replications the means are over: the metrics every replication defines all have n = ${agreed}`, found: first.replications });
  }
  records.forEach((r, i) => {
    const line = lines[i];
    for (const col of ['scenario', 'seed', 'replications'] as const) {
      if (r[col] !== first[col]) issues.push({ path: `${file} line ${line}, column ${col}`, expected: `must equal the other rows' (${first[col]})`, found: show(r[col]) });
    }
    if (!(METRIC_NAMES as readonly string[]).includes(r.metric)) {
      // A misspelling, or a baseline of another hubsim: a row the run has nothing to check against.
      const meant = likelyMeant(r.metric, METRIC_NAMES, { wordsAdded: false });
      const why = meant !== undefined ? ` (did you mean "${meant}"?)` : ': this hubsim has none of that name (a baseline of another version? delete the row, or write the baseline again)';
      issues.push({ path: `${file} line ${line}, column metric`, expected: `must be a metric name${why}`, found: show(r.metric) });
      return;
    }
    if (r.metric in metrics) {
      issues.push({ path: `${file} line ${line}, column metric`, expected: 'must name each metric once', found: `${show(r.metric)} again` });
      return;
    }
    const before = issues.length;
    const m: Summary = {
      mean: num(r.mean, line, 'mean', true),
      sd: num(r.sd, line, 'sd', true),
      ci95Low: num(r.ci95_low, line, 'ci95_low', true),
      ci95High: num(r.ci95_high, line, 'ci95_high', true),
      n: whole(r.n, line, 'n'),
    };
    metrics[r.metric] = m;
    lineOf[r.metric] = line;
    if (issues.length === before) issues.push(...summaryIssues(m, `${file} line ${line}`, replicationsOk && !edited ? replications : NaN, tolerated(r.metric)));
  });
  const seed = whole(first.seed, lines[0], 'seed');
  if (first.scenario === '') issues.push({ path: `${file} line ${lines[0]}, column scenario`, expected: 'must name the scenario the baseline is of', found: 'an empty cell' });
  if (issues.length === 0 && (!Number.isSafeInteger(seed) || seed < 0)) issues.push({ path: `${file} line ${lines[0]}, column seed`, expected: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`, found: first.seed });
  // Trucks arrive, if only none, in every replication, and the counts, energies and time means are
  // defined in each: one of them over fewer than the replications means it or the replications were
  // edited. The check would call such a metric moved (or, the replications edited, every metric):
  // the file is wrong, not the model. Edited replications are said once, of the first.
  const present = ALWAYS_DEFINED.filter((m) => metrics[m] !== undefined);
  const off = present.filter((m) => metrics[m].n !== replications);
  if (issues.length === 0) {
    for (const m of off.length === present.length ? off.slice(0, 1) : off) {
      issues.push({ path: `${file} line ${lineOf[m]}, column n`, expected: `must equal the replications (${replications}): ${m} is defined in every replication`, found: String(metrics[m].n) });
    }
  }
  const absent = METRIC_NAMES.filter((m) => !(m in metrics));
  if (absent.length > 0 && !allowMissing && issues.length === 0) {
    issues.push({
      path: file,
      expected: `must hold every metric the run produces (or pass --allow-missing to check only those it holds; refresh it with hubsim baseline)`,
      found: `no row for ${absent.join(', ')}`,
    });
  }
  if (issues.length > 0) throw new InputError(issues, file);
  const ignored = Object.keys(records[0]).filter((c) => !(BASELINE_COLUMNS as readonly string[]).includes(c));
  return { scenario: first.scenario, seed, replications, metrics, firstLine: lines[0], ignored };
}

/**
 * What is wrong with one baseline row's summary, as hubsim could not have written it: an interval
 * whose ends are reversed or that leaves out its mean (which `check` would then judge by, and call
 * an unchanged metric moved), one end without the other, a negative sd or one without a mean, or a count of
 * replications that is not a whole number up to `replications`, or that disagrees with the mean.
 * `tolerated`: check holds the metric to a --tolerance, and its interval need not hold a mean edited by hand.
 */
function summaryIssues(m: Summary, where: string, replications: number, tolerated: boolean): InputIssue[] {
  const issues: InputIssue[] = [];
  const defined = (x: number) => !Number.isNaN(x);
  if (defined(m.ci95Low) !== defined(m.ci95High)) {
    issues.push({ path: `${where}, columns ci95_low and ci95_high`, expected: 'must both be given or both be empty', found: `${defined(m.ci95Low) ? 'only ci95_low' : 'only ci95_high'}` });
  } else if (defined(m.ci95Low) && !defined(m.mean)) {
    issues.push({ path: `${where}, columns ci95_low and ci95_high`, expected: 'must be empty when the mean is (undefined in every replication)', found: `[${m.ci95Low}, ${m.ci95High}]` });
  } else if (defined(m.ci95Low) && !(m.ci95Low <= m.ci95High && (tolerated || (m.ci95Low <= m.mean && m.mean <= m.ci95High)))) {
    issues.push({ path: `${where}, columns ci95_low and ci95_high`, expected: 'must be an interval around the mean, ci95_low <= mean <= ci95_high (a mean edited by hand needs its interval edited too, or a --tolerance for the metric: without one, check judges the new mean by the interval)', found: `[${m.ci95Low}, ${m.ci95High}] with mean ${m.mean}` });
  }
  if (defined(m.sd) && m.sd < 0) issues.push({ path: `${where}, column sd`, expected: 'must not be negative', found: String(m.sd) });
  else if (defined(m.sd) && !defined(m.mean)) issues.push({ path: `${where}, column sd`, expected: 'must be empty when the mean is (undefined in every replication)', found: String(m.sd) });
  if (!Number.isInteger(m.n) || m.n < 0 || (Number.isInteger(replications) && m.n > replications)) {
    issues.push({ path: `${where}, column n`, expected: `must be a whole number of replications from 0 to ${replications}`, found: String(m.n) });
  } else if ((m.n === 0) !== Number.isNaN(m.mean)) {
    issues.push({ path: `${where}, column n`, expected: m.n === 0 ? 'must be above 0 when the mean is given' : 'must be 0 when the mean is empty (undefined in every replication)', found: String(m.n) });
  }
  return issues;
}

/** One metric's verdict in `check`. */
export interface CheckLine {
  readonly metric: MetricName;
  readonly old: number;
  readonly now: number;
  readonly allowed: string;
  /** The range the new mean had to fall in, before rounding's allowance (NaN when the old mean is undefined). */
  readonly low: number;
  readonly high: number;
  readonly moved: boolean;
  /**
   * What the new mean was held to: a tolerance; the baseline's interval; its mean, unchanged, where
   * it holds no interval; or nothing but staying empty, where the baseline's mean is.
   */
  readonly gate: 'tolerance' | 'interval' | 'mean' | 'empty';
}

/**
 * Judges one metric. With a tolerance: |new − old| must be within it (relative to |old| for a
 * percentage). Without: the new mean must stay inside the baseline's 95 % interval (or equal the old
 * mean when the baseline has no interval). Each to 1e-9 relative (absolute below 1): an interval as
 * narrow as rounding (a battery holding its target, [2500.0000000000005, 2500.0000000000014]) is
 * not missed by a mean a rounding away from it, nor is a metric at 0 moved by a rounding. Given the
 * replications that define the metric now (`nowN`), a metric defined in other replications than the
 * baseline's has moved too, whatever its mean: no truck plugging in where some did is a change.
 */
export function judge(metric: MetricName, old: Summary, now: number, tol: Tolerance | undefined, nowN?: number): CheckLine {
  const interval = !Number.isNaN(old.ci95Low) && !Number.isNaN(old.ci95High);
  // What the new mean is held to, decided once: the range below, the words, and check's notes follow it.
  const gate = Number.isNaN(old.mean) ? 'empty' : tol ? 'tolerance' : interval ? 'interval' : 'mean';
  // The range the new mean must fall in: the baseline's interval, else the tolerance's around its
  // mean (none: the mean itself).
  const limit = tol ? (tol.relative ? tol.value * Math.abs(old.mean) : tol.value) : 0;
  const [low, high] = gate === 'interval' ? [old.ci95Low, old.ci95High] : [old.mean - limit, old.mean + limit];
  const line = (allowed: string, moved: boolean) => ({ metric, old: old.mean, now, allowed, low, high, moved, gate }) as const;
  // What is allowed is what the baseline holds: a metric it leaves empty must stay so, and one it defines must stay defined.
  if (Number.isNaN(old.mean) || Number.isNaN(now)) return line(Number.isNaN(old.mean) ? 'empty, as in the baseline' : 'defined, as in the baseline', Number.isNaN(old.mean) !== Number.isNaN(now));
  if (nowN !== undefined && nowN !== old.n) return line(`defined in ${old.n} replications (now ${nowN})`, true);
  // The same rounding slack whichever the range: a metric at 0 (energy unmet where every truck is
  // charged) that comes back as 1e-14 has not moved, and a looser check must not call it moved.
  const slack = 1e-9 * Math.max(1, Math.abs(old.mean));
  const moved = now < low - slack || now > high + slack;
  if (gate === 'tolerance') return line(toleranceWords(tol!), moved);
  if (gate === 'mean') return line('unchanged', moved);
  // A move that four digits hide is shown in full, bounds and all.
  const text = moved && [low, high].some((b) => human(b) === human(now)) ? String : human;
  return line(`[${text(low)}, ${text(high)}]`, moved);
}

/** A tolerance as the check shows it, `± 5%` or `± 0.5`: its number as `human` shows numbers, but one too small for its digits in full rather than as 0. */
function toleranceWords(tol: Tolerance): string {
  const given = (x: number) => (human(x) === '0' && x !== 0 ? String(x) : human(x));
  return `± ${tol.relative ? `${given(tol.value * 100)}%` : given(tol.value)}`;
}

/**
 * Where the default gate applies (no --tolerance for a metric), what it held the metrics it judged
 * to: their intervals; their means, unchanged, where the baseline holds no interval for any (a
 * baseline of one replication, or its intervals cleared by hand); or both.
 */
type DefaultGate = 'intervals' | 'means' | 'both';

const GATE_WORDS: Record<DefaultGate, { all: string; other: string }> = {
  intervals: { all: "the baseline's 95 % intervals", other: "within the baseline's 95 % interval" },
  means: { all: "the baseline's means, unchanged: it holds no intervals", other: "unchanged: the baseline holds no intervals" },
  both: { all: "the baseline's 95 % intervals, or its means unchanged where it holds none", other: "within the baseline's 95 % interval, or unchanged where it holds none" },
};

/**
 * The tolerances applied, in words: `± 5% for every metric`, `wait_mean_min ± 0.5; every other
 * metric ± 5%`, or the default's gate. `own`: the metrics' own tolerances; `others`: what held every
 * other metric judged, undefined where there was none.
 */
function toleranceText(own: Readonly<Record<string, Tolerance>>, others: Tolerance | DefaultGate | undefined): string {
  const named = Object.entries(own).map(([m, tol]) => `${m} ${toleranceWords(tol)}`);
  const gate = typeof others === 'string' ? GATE_WORDS[others] : undefined;
  if (named.length === 0) return gate ? gate.all : `${toleranceWords(others as Tolerance)} for every metric`;
  if (others === undefined) return named.join(', ');
  return `${named.join(', ')}; every other metric ${gate ? gate.other : toleranceWords(others as Tolerance)}`;
}

/**
 * `hubsim check`: re-runs as the baseline records it; returns true when every metric held. The
 * table of metrics that moved fits a terminal as wide as `width()` says when it prints (see
 * `fitTable`).
 * @throws InputError for a baseline that is unreadable or malformed or of another scenario, a
 * scenario that does not load or runs away, a --tolerance for a metric the baseline lacks or too
 * large to give a finite range, or an --out that may not be replaced or lies inside a results
 * folder; EnvironmentError when --out cannot be written.
 */
export async function checkCommand(
  a: { scenario: string; baseline: string; tolerances: Tolerances; workers: Workers; allowMissing?: boolean; out?: string },
  print: (s: string) => void,
  width: () => number | undefined = noWidth,
): Promise<boolean> {
  // A metric's own tolerance, else the one for every metric; undefined: the baseline's interval.
  const toleranceOf = (m: MetricName) => a.tolerances.perMetric[m] ?? a.tolerances.all;
  const base = readBaseline(a.baseline, a.allowMissing, (m) => toleranceOf(m as MetricName) !== undefined);
  // As baseline's --out: checked before the replications run, and again as the file is replaced.
  const ours = { what: 'a check result hubsim wrote', test: isCheckResult };
  if (a.out !== undefined) {
    checkOutsideResults(a.out, '--out');
    checkReplaceable(a.out, '--out', ours);
    checkWritable(a.out, '--out');
  }
  const [{ scenario: s }] = await loadAll([a.scenario]);
  if (s.name !== base.scenario) {
    throw new InputError([{ path: `${a.baseline} line ${base.firstLine}, column scenario`, expected: `must be ${s.name}, the scenario checked: this is the baseline of another`, found: base.scenario }]);
  }
  // A tolerance for a metric the baseline lacks (under --allow-missing) would never be applied.
  for (const m of Object.keys(a.tolerances.perMetric)) {
    if (base.metrics[m] === undefined) {
      throw new InputError([{ path: '--tolerance', expected: `must name a metric the baseline holds: ${a.baseline} has no row for it`, found: m }]);
    }
  }
  // A tolerance so large that the range it allows overflows (1e308% of a mean in the thousands)
  // leaves no range to judge by, nor one --out could write: refused before the replications run.
  for (const m of METRIC_NAMES) {
    const tol = toleranceOf(m);
    const old = base.metrics[m];
    if (tol === undefined || old === undefined || Number.isNaN(old.mean)) continue;
    const { low, high } = judge(m, old, old.mean, tol);
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      const given = tol.relative ? `${tol.value * 100}%` : String(tol.value);
      throw new InputError([{ path: '--tolerance', expected: `must allow ${m} a range of finite numbers around its baseline mean (${old.mean})`, found: a.tolerances.perMetric[m] ? `${m}=${given}` : given }]);
    }
  }
  const sum = await summaries(s, base.seed, base.replications, a.workers);
  const lines = METRIC_NAMES.filter((m) => base.metrics[m] !== undefined).map((m) =>
    judge(m, base.metrics[m], sum[m].mean, toleranceOf(m), sum[m].n),
  );
  const moved = lines.filter((l) => l.moved);
  if (a.out !== undefined) {
    const rows = lines.map((l) => [l.metric, exact(l.old), String(base.metrics[l.metric].n), exact(l.now), String(sum[l.metric].n), exact(l.low), exact(l.high), l.moved ? 'moved' : 'held']);
    await heedInterrupts();
    writeFileAtomic(a.out, csvText(CHECK_COLUMNS, rows), '--out', ours);
    await resultsInPlace(a.out);
  }
  print(`${s.name}: ${counted(base.replications, 'replication')}, seed ${base.seed}, against ${a.baseline}`);
  // A column added by hand (a tolerance per metric, say) would otherwise be taken for one applied.
  if (base.ignored.length > 0) {
    const [columns, are, they] = base.ignored.length === 1 ? ['column', 'is', 'it is'] : ['columns', 'are', 'they are'];
    print(`note: ${shownPath(a.baseline)}: ${columns} ${listed(base.ignored.map((c) => JSON.stringify(c)))} ${are} not a baseline's, and ${they} ignored (a tolerance is given with --tolerance)`);
  }
  // Under --allow-missing, what went unchecked: an ok line alone would pass for a check of all.
  const absent = METRIC_NAMES.filter((m) => base.metrics[m] === undefined);
  if (absent.length > 0) {
    const named = absent.length > NAMED_ABSENT + 1 ? [...absent.slice(0, NAMED_ABSENT), `${absent.length - NAMED_ABSENT} more`] : absent;
    print(`note: ${shownPath(a.baseline)} has no row for ${listed(named)}: ${absent.length === 1 ? 'it is' : 'they are'} not checked (--allow-missing); refresh the baseline with hubsim baseline to check ${absent.length === 1 ? 'it' : 'them'} too`);
  }
  // One for a metric the baseline leaves empty is not applied either, but is not refused: the same
  // tolerances may serve scenarios of which some price energy, say, and some do not.
  const unused = Object.keys(a.tolerances.perMetric).filter((m) => Number.isNaN(base.metrics[m].mean));
  if (unused.length > 0) {
    print(`note: --tolerance ${listed(unused)}: the baseline leaves ${unused.length === 1 ? 'it' : 'them'} empty (undefined in every replication), so ${unused.length === 1 ? 'it is' : 'they are'} checked only for staying so`);
  }
  // `--tolerance 5` (or service_level=5) meant as 5 %: in a share's unit (0 to 1) it lets any
  // change pass, unseen; and `--tolerance 0.5`, meant for waits in minutes, lets a share move by
  // half its range (a service level from 0.85 to 0.77 held).
  const loose = (m: MetricName) => {
    const tol = toleranceOf(m);
    return metricInfo(m).unit === 'share' && tol !== undefined && !tol.relative && tol.value >= LOOSE_ON_SHARES ? tol : undefined;
  };
  const shares = lines.map((l) => l.metric).filter((m) => loose(m) !== undefined);
  if (shares.length > 0) {
    const value = loose(shares[0])!.value;
    const v = String(value);
    const given = a.tolerances.perMetric[shares[0]] === undefined ? v : `${shares[0]}=${v}`;
    const run = shares.length > 1 ? 'run' : 'runs';
    const far = value >= 1 ? `${run} from 0 to 1 and cannot move that far` : `${run} from 0 to 1: that is ${human(value * 100)} % of ${shares.length > 1 ? 'their' : 'its'} range`;
    const own = a.tolerances.perMetric[shares[0]] === undefined ? `, or give each share its own (${shares[0]}=0.01, …)` : '';
    print(`note: --tolerance ${given} allows ± ${v} in ${shares[0]}${shares.length > 1 ? ` and ${counted(shares.length - 1, 'other share')}` : ''}, which ${far}; for ${v} per cent, write ${v}%${own}`);
  }
  // Only where some metric was judged by its interval.
  const intervals = lines.filter((l) => l.gate === 'interval').length;
  const few = intervals > 0 ? fewReplicationsNote(base.replications) : undefined;
  if (few !== undefined) print(`note: ${shownPath(a.baseline)}: ${few}; give --tolerance, or make the baseline with ${FEW_REPLICATIONS} or more`);
  if (moved.length === 0) {
    // The tolerance said, so that a CI log shows how loose a passing gate was.
    const which = lines.length === 1 ? 'the one metric' : lines.length === 2 ? 'both metrics' : `all ${lines.length} metrics`;
    // Only the tolerances applied: one noted above as unused loosened nothing, and one for every
    // metric loosened none that had its own or that the baseline leaves empty.
    const applied = Object.fromEntries(Object.entries(a.tolerances.perMetric).filter(([m]) => !unused.includes(m)));
    const others = lines.filter((l) => l.gate !== 'empty' && applied[l.metric] === undefined);
    // The default's gate, as the metrics it judged had it.
    const means = lines.filter((l) => l.gate === 'mean').length;
    const gate: DefaultGate = means === 0 ? 'intervals' : intervals === 0 ? 'means' : 'both';
    if (others.length === 0 && Object.keys(applied).length === 0) print(`ok: ${which} empty, as in the baseline`);
    else print(`ok: ${which} within tolerance (${toleranceText(applied, others.length === 0 ? undefined : (a.tolerances.all ?? gate))})`);
  } else {
    print(`${counted(moved.length, 'metric')} moved beyond tolerance:`);
    print(fitTable(['metric', 'baseline', 'now', 'change', 'allowed'], movedRows(moved), width()));
  }
  // As baseline says what it wrote: a CI log then shows where the step after finds the verdicts.
  if (a.out !== undefined) print(`wrote ${shownPath(lexical(a.out))}: ${counted(lines.length, 'metric')}, ${moved.length} moved`);
  return moved.length === 0;
}

/** Metrics a note of those the baseline lacks names one by one; it counts the rest. */
const NAMED_ABSENT = 4;

/** An absolute tolerance this large on a share (0 to 1), a tenth of its range, is noted as loose. */
const LOOSE_ON_SHARES = 0.1;

/**
 * The table rows of metrics that moved: a move that four digits hide is shown in full, and the
 * change beside, with its sign and, where the baseline's mean is not 0, in per cent of it, so that
 * which way each metric went is read without subtracting: `+1.343 (+52.4%)`.
 */
export function movedRows(moved: readonly CheckLine[]): string[][] {
  const shown = (x: number, other: number) => (human(x) === human(other) ? String(x) : human(x));
  const signed = (text: string) => (text.startsWith('-') || text === '0' ? text : `+${text}`);
  // A move too small for human's digits (a rounding past a bound) keeps four significant ones.
  const some = (x: number) => (human(x) === '0' && x !== 0 ? x.toPrecision(4) : human(x));
  const change = (l: CheckLine) => {
    if (Number.isNaN(l.old) || Number.isNaN(l.now)) return '–';
    const d = l.now - l.old;
    const text = signed(some(d));
    return l.old === 0 ? text : `${text} (${signed(some((100 * d) / Math.abs(l.old)))}%)`;
  };
  return moved.map((l) => [l.metric, shown(l.old, l.now), shown(l.now, l.old), change(l), l.allowed]);
}

/**
 * The line of a baseline where a quote opens and is never closed: the first that, read alone,
 * leaves one open (no baseline's cell holds a line break, so a line stands for its row).
 */
function unclosedQuoteLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    try {
      parse(lines[i], { trim: true });
    } catch (err) {
      if ((err as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') return i + 1;
    }
  }
  return undefined;
}
