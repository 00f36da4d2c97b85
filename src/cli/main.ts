import { availableParallelism } from 'node:os';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { atPath, EnvironmentError, fsErrorText, HubsimError, InputError, isFsError } from '../errors.js';
import {
  anotherCommandsOptions,
  checkConfidence,
  checkFlags,
  checkMaxReplications,
  checkOnce,
  checkEach,
  checkFile,
  checkOut,
  checkOutFile,
  checkPrecisions,
  checkSets,
  checkTargets,
  checkVary,
  MAX_REPLICATIONS,
  MAX_REPLICATIONS_FACTOR,
  checkPower,
  checkReplications,
  checkSeed,
  checkSessions,
  checkShard,
  checkTolerances,
  checkWorkers,
  commandOf,
  firstWord,
  words,
  isCommand,
  filesTakenByOptions,
  filesReadAsOptions,
  FLAGS,
  hyphenated,
  OPTIONS,
  pathReadAsOptions,
  unknownArguments,
} from './args.js';
import { hearInterrupts } from './interrupt.js';
import { inCiJob } from './terminal.js';
import { samePlace, within } from './places.js';
import { VERSION } from './version.js';
import { expandWildcards } from './wildcards.js';
import type { Workers } from './pool.js';

// The command line: parse, check, hand off to a command, and turn errors into exit codes.
// Exit codes: 0 success; 1 `check` found a regression; 2 bad input, usage or environment; 3 internal error.
// Each command's module is imported only when that command runs, so that `--help` and quick
// commands do not pay for loading the simulator, the validator or the worker pool.

const print = (s: string) => void (stdoutGone || process.stdout.write(`${s}\n`));
// The terminal's width, for tables to fit it; none for a pipe or a file, whose tables are never
// wrapped or split, for the scripts and logs that read them, nor in a CI job, whose terminal is its log's.
const terminalWidth = (): number | undefined => (process.stdout.isTTY && process.stdout.columns > 0 && !inCiJob() ? process.stdout.columns : undefined);
// A shipped scenario, named relative to the working folder: run.json records the path as given,
// and a path that does not name the machine's install folder keeps results identical across machines.
const shipped = (name: string) => relative(process.cwd(), fileURLToPath(new URL(`../../scenarios/${name}.json`, import.meta.url)));

class Regression extends HubsimError {}

function workersOf(argv: { workers?: unknown }): Workers {
  const cores = availableParallelism();
  return checkWorkers(argv.workers, cores);
}

/** `--max-replications`, by default MAX_REPLICATIONS_FACTOR × the starting replications. */
function maxReplicationsOf(v: unknown, replications: number): number {
  return checkMaxReplications(v ?? Math.min(MAX_REPLICATIONS, MAX_REPLICATIONS_FACTOR * replications), replications);
}

/** The options of `compare` and of the default job (a comparison), checked together. */
function compareOptions(a: { seed?: unknown; replications?: unknown; workers?: unknown; out?: unknown; report: boolean }) {
  return checkEach({
    seed: () => checkSeed(a.seed),
    replications: () => checkReplications(a.replications),
    workers: () => workersOf(a),
    out: () => checkOut(a.out),
    report: () => checkOnce('--report', a.report),
  });
}

/** `run`'s `--precision` and `--max-replications`, which go together and not with `--shard`. */
function precisionOf(a: { precision?: unknown; 'max-replications'?: unknown; shard?: unknown; replications?: unknown }) {
  const precision = checkPrecisions(a.precision);
  if (precision === undefined) {
    if (a['max-replications'] !== undefined) throw new InputError([{ path: '--max-replications', expected: 'goes with --precision (run adds replications only to reach a precision)' }]);
    return {};
  }
  if (a.shard !== undefined) throw new InputError([{ path: '--precision', expected: 'cannot be combined with --shard: a slice cannot decide alone how many replications there will be' }]);
  const replications = checkReplications(a.replications);
  if (replications < 2) throw new InputError([{ path: '--replications', expected: 'must be at least 2 with --precision: an interval needs a spread', found: String(replications) }]);
  return { precision, maxReplications: maxReplicationsOf(a['max-replications'], replications) };
}

/** What each command takes besides its options, in words, for a usage message of too few or too many. */
const TAKES: Readonly<Record<string, string>> = {
  run: 'one or more scenario files',
  validate: 'one or more scenario files',
  compare: 'exactly two scenario files, A and B',
  baseline: 'one scenario file',
  check: 'one scenario file',
  sweep: 'one scenario file',
  size: 'one scenario file',
  report: 'one output folder or comparison CSV',
  merge: 'one or more slice folders',
};

/**
 * A middleware, run before yargs validates, that refuses more arguments than a command's positionals:
 * yargs's strict check names only the ones past the count ("Unknown argument: c.json"), as if the
 * file were a misspelt option.
 * @throws InputError naming the command, what it takes and every argument given.
 */
function noExtraArguments(command: string, names: readonly string[], takes: string) {
  return (a: { _: (string | number)[]; [k: string]: unknown }) => {
    // yargs runs this after printing --help or --version too (it no longer ends the process there).
    if (a.help || a.version) return;
    // yargs leaves the command's name and any extra arguments in `_`, the others under their names.
    const extra = a._.slice(1).map(String);
    if (extra.length === 0) return;
    const given = [...names.map((n) => String(a[n])), ...extra];
    throw new InputError([{ path: 'usage', expected: `${command} takes ${takes} (see hubsim ${command} --help)`, found: `${given.length}: ${given.map((g) => JSON.stringify(g)).join(', ')}` }]);
  };
}

/**
 * `--shard` (see checkShard), refusing `--report` asked for in so many words (not by default, as a
 * sweep's is) with it: a slice writes no report, since it holds only some of the replications, and
 * the flag was ignored without a word.
 * @throws InputError naming both options.
 */
function shardOf(argv: readonly string[], v: unknown, merged: string): ReturnType<typeof checkShard> {
  const shard = checkShard(v);
  if (shard === undefined || !argv.some((a) => a === '--report' || a === '--report=true')) return shard;
  throw new InputError([
    { path: '--report', expected: `cannot be combined with --shard: a slice holds only some of the replications; join the slices with ${merged}`, found: `--shard ${shard.k}/${shard.n}` },
  ]);
}

/** The words yargs takes for --help: -h, its long form --h, and the bare word help. */
const HELP_WORDS: ReadonlySet<string> = new Set(['--help', '-h', '--h', 'help']);

/** The narrowest help is laid out: every example's line fits in it, and every option's name in its column. */
const HELP_LEAST = 64;

/**
 * A help example as lines a user can paste into a shell: what it does as a comment, then the
 * command, continued with a backslash at the end of each line. Values are quoted with double quotes,
 * which POSIX shells, PowerShell and cmd.exe all read (cmd.exe passed single quotes on as part of
 * the value, and took the `>` of a target between them for a redirection). Given with a
 * description, yargs sets the command in a column beside it and wraps it there, at any space, into
 * lines the shell would run one by one; given alone, one option to a line, each line fits the
 * narrowest help (HELP_LEAST) without a break.
 */
function example(what: string, ...lines: string[]): string {
  return [`# ${what}`, lines.join(' \\\n')].join('\n');
}

function build(argv: string[]): Argv {
  const y: Argv = yargs(argv)
    .scriptName('hubsim')
    // English whatever the user's locale: hubsim's own messages are, and its usage errors are told
    // from yargs' English words (see `.fail` below). Unbundled, yargs took German from LANG=de_DE
    // and "Nicht genügend Argumente" passed through untranslated into hubsim's words.
    .locale('en')
    // An option's name is one word: yargs otherwise read `--tolerance.wait_mean_min=10%` as a field
    // of --tolerance (an object where hubsim checks text: exit 3), and `--report.x=false` as a flag
    // given an object, which counts as on.
    .parserConfiguration({ 'dot-notation': false })
    .usage('$0 [command]\n\nDiscrete-event simulator of electric-truck charging hubs.')
    .command(
      '$0',
      'Default job: compare Recklinghausen phase one with phase two (shipped scenarios); write CSVs and HTML reports under --out',
      // Grouped under their own heading: read as options of every command, `--report [default:
      // true]` here contradicted `run --help`'s `[default: false]`.
      (y) =>
        y
          .options({ seed: OPTIONS.seed, replications: OPTIONS.replications, workers: OPTIONS.workers, out: OPTIONS.out, report: OPTIONS.report })
          .group(['seed', 'replications', 'workers', 'out', 'report'], 'Options of the default job (each command has its own: hubsim COMMAND --help):'),
      async (a) => {
        const { compareCommand } = await import('./commands/compare.js');
        await compareCommand(
          {
            a: shipped('recklinghausen-phase1'),
            b: shipped('recklinghausen-phase2'),
            ...compareOptions(a),
            headline: true,
          },
          print,
          terminalWidth,
        );
      },
    )
    .command(
      'run <scenarios..>',
      'Run each scenario R times; write OUT/<name>/ (CSVs; report.html with --report)',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, describe: 'Scenario JSON files', default: undefined })
          .options({
            seed: OPTIONS.seed,
            replications: OPTIONS.replications,
            workers: OPTIONS.workers,
            shard: OPTIONS.shard,
            out: OPTIONS.out,
            sessions: OPTIONS.sessions,
            power: OPTIONS.power,
            precision: OPTIONS.precision,
            // run takes it only with --precision, per scenario.
            'max-replications': { ...OPTIONS['max-replications'], describe: 'With --precision: the most replications per scenario; default 16 × --replications, at most 100,000' },
            report: OPTIONS['run-report'],
          }),
      async (a) => {
        const { withPrecision, ...checked } = checkEach({
          scenarios: () => expandWildcards(a.scenarios as string[]),
          seed: () => checkSeed(a.seed),
          replications: () => checkReplications(a.replications),
          workers: () => workersOf(a),
          shard: () => shardOf(argv, a.shard, 'hubsim merge --report, which writes the report'),
          out: () => checkOut(a.out),
          sessions: () => checkSessions(a.sessions),
          power: () => checkPower(a.power),
          report: () => checkOnce('--report', a.report),
          withPrecision: () => precisionOf(a),
        });
        const args = { ...checked, ...withPrecision };
        const { runCommand } = await import('./commands/run.js');
        await runCommand(args, print);
      },
    )
    .command(
      'compare <a> <b>',
      'Run A and B with common random numbers; report paired differences B − A with 95% intervals',
      (y) =>
        y
          .positional('a', { type: 'string', describe: 'Scenario A (the reference)' })
          .positional('b', { type: 'string', describe: 'Scenario B' })
          .options({ seed: OPTIONS.seed, replications: OPTIONS.replications, workers: OPTIONS.workers, out: OPTIONS.out, report: OPTIONS.report })
          .middleware(noExtraArguments('compare', ['a', 'b'], TAKES.compare), true),
      async (a) => {
        const args = {
          a: a.a!,
          b: a.b!,
          ...compareOptions(a),
        };
        const { compareCommand } = await import('./commands/compare.js');
        await compareCommand(args, print, terminalWidth);
      },
    )
    .command(
      'baseline <scenario>',
      'Write a baseline CSV for `check`',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'Scenario JSON file' })
          .options({ seed: OPTIONS.seed, replications: OPTIONS.replications, workers: OPTIONS.workers, out: { requiresArg: true, type: 'string', demandOption: true, describe: 'Baseline CSV to write' } })
          .middleware(noExtraArguments('baseline', ['scenario'], TAKES.baseline), true),
      async (a) => {
        const args = {
          scenario: a.scenario!,
          ...checkEach({ seed: () => checkSeed(a.seed), replications: () => checkReplications(a.replications), workers: () => workersOf(a), out: () => checkOutFile(a.out) }),
        };
        const { baselineCommand } = await import('./commands/baseline.js');
        await baselineCommand(args, print);
      },
    )
    .command(
      'check <scenario>',
      'Re-run as the baseline records it; exit 1 if a metric moved beyond tolerance',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'Scenario JSON file' })
          .options({
            baseline: { ...OPTIONS.baseline, demandOption: true },
            tolerance: OPTIONS.tolerance,
            workers: OPTIONS.workers,
            'allow-missing': OPTIONS['allow-missing'],
            out: { requiresArg: true, type: 'string', describe: 'Also write every metric\'s verdict to this CSV (metric, baseline_mean, baseline_n, mean, n, allowed_low, allowed_high, verdict)' },
          })
          .middleware(noExtraArguments('check', ['scenario'], TAKES.check), true),
      async (a) => {
        const args = {
          scenario: a.scenario!,
          ...checkEach({
            baseline: () => checkFile('--baseline', a.baseline, 'a baseline CSV'),
            // yargs drops an empty value after another (joinSignedTolerances makes a bare one empty).
            tolerances: () => checkTolerances(argv.includes('--tolerance=') ? ['', ...(a.tolerance ?? [])] : a.tolerance),
            workers: () => workersOf(a),
            allowMissing: () => checkOnce('--allow-missing', a['allow-missing']),
            out: () => (a.out === undefined ? undefined : checkOutFile(a.out)),
          }),
        };
        const { checkCommand } = await import('./commands/baseline.js');
        if (!(await checkCommand(args, print, terminalWidth))) throw new Regression('regression');
      },
    )
    .command(
      'sweep <scenario>',
      'Run every combination of values set at paths into the scenario; write OUT/sweep-<name>/{designs,replications,sweep}.csv, run.json and report.html',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'Scenario JSON file' })
          .options({
            set: OPTIONS.set,
            sweep: OPTIONS.sweep,
            seed: OPTIONS.seed,
            replications: { ...OPTIONS.replications, describe: 'Replications per design' },
            workers: OPTIONS.workers,
            shard: { ...OPTIONS.shard, describe: 'Run only slice K of N of the designs × replications, e.g. 2/4 (join slices with `merge`)' },
            out: OPTIONS.out,
            report: { ...OPTIONS.report, describe: 'Write report.html, the design frontier (a slice writes none); --no-report skips it' },
          })
          .example(example('5 × 2 designs', "$0 sweep scenarios/recklinghausen-phase2.json", '--set "hub.chargers[0].cabinets=4..8"', '--set hub.gridKw=2500,3000'), '')
          .middleware(noExtraArguments('sweep', ['scenario'], TAKES.sweep), true),
      async (a) => {
        const args = {
          scenario: a.scenario!,
          ...checkEach({
            sets: () => checkSets(a.set),
            sweepFile: () => (a.sweep === undefined ? undefined : checkFile('--sweep', a.sweep, 'a sweep file (JSON)')),
            seed: () => checkSeed(a.seed),
            replications: () => checkReplications(a.replications),
            workers: () => workersOf(a),
            shard: () => shardOf(argv, a.shard, 'hubsim merge, which writes the report'),
            out: () => checkOut(a.out),
            report: () => checkOnce('--report', a.report),
          }),
        };
        const { sweepCommand } = await import('./commands/sweep.js');
        await sweepCommand(args, print, terminalWidth);
      },
    )
    .command(
      'size <scenario>',
      'Find the smallest value of a parameter that meets every target with confidence (a frontier over a second); write OUT/size-<name>/',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'Scenario JSON file' })
          .options({
            vary: { ...OPTIONS.vary, demandOption: true },
            target: { ...OPTIONS.target, demandOption: true },
            confidence: OPTIONS.confidence,
            replications: { ...OPTIONS.replications, describe: 'Replications each design starts with (at least 2)' },
            'max-replications': OPTIONS['max-replications'],
            seed: OPTIONS.seed,
            workers: OPTIONS.workers,
            out: OPTIONS.out,
            report: { ...OPTIONS.report, describe: 'Write report.html, the frontier with its answers ringed; --no-report skips it' },
          })
          .example(example('fewest CCS bays', '$0 size scenarios/recklinghausen-phase2.json', '--vary "hub.chargers[0].cabinets=4..12"', '--target "service_level>=0.95"'), '')
          .example(example('a frontier', '$0 size scenarios/recklinghausen-phase2.json', '--vary "hub.chargers[0].cabinets=3..12"', '--vary hub.gridKw=2000,2500,3000', '--target "served_share>=0.98"'), '')
          .middleware(noExtraArguments('size', ['scenario'], TAKES.size), true),
      async (a) => {
        const checked = checkEach({
          vary: () => checkVary(a.vary),
          targets: () => checkTargets(a.target),
          confidence: () => checkConfidence(a.confidence),
          // With the replications, which it is checked against.
          counts: () => {
            const replications = checkReplications(a.replications, 2, ' for size: a confidence bound needs a spread');
            return { replications, maxReplications: maxReplicationsOf(a['max-replications'], replications), maxReplicationsGiven: a['max-replications'] !== undefined };
          },
          seed: () => checkSeed(a.seed),
          workers: () => workersOf(a),
          out: () => checkOut(a.out),
          report: () => checkOnce('--report', a.report),
        });
        const { counts, ...rest } = checked;
        const args = { scenario: a.scenario!, ...rest, ...counts };
        const { sizeCommand } = await import('./commands/size.js');
        await sizeCommand(args, print, terminalWidth);
      },
    )
    .command(
      'validate <scenarios..>',
      'Check scenario files only',
      (y) => y.positional('scenarios', { type: 'string', array: true, describe: 'Scenario JSON files', default: undefined }),
      async (a) => {
        const { validateCommand } = await import('./commands/validate.js');
        await validateCommand(expandWildcards(a.scenarios as string[]), print);
      },
    )
    .command(
      'report <path>',
      'Write the HTML report of an output folder (OUT/<name>/, OUT/sweep-<name>/ or OUT/size-<name>/: report.html inside) or of a comparison (OUT/compare-<A>-vs-<B>.csv → .html)',
      (y) =>
        y
          .positional('path', { type: 'string', describe: 'An output folder of run, sweep or size, or a compare-<A>-vs-<B>.csv' })
          .middleware(noExtraArguments('report', ['path'], TAKES.report), true),
      async (a) => {
        const { reportCommand } = await import('./commands/report.js');
        await reportCommand(a.path!, print);
      },
    )
    .command(
      'merge <dirs..>',
      'Join the output folders of `run --shard K/N` (or `sweep --shard K/N`) into one result, identical to an unsharded run',
      (y) =>
        y.positional('dirs', { type: 'string', array: true, describe: "The slices' --out folders (each holding <name>/shard.json, or sweep-<name>/shard.json for a sweep's)", default: undefined }).options({
          out: { ...OPTIONS.out, default: undefined, demandOption: true },
          report: { type: 'boolean', describe: "Write report.html as the unsharded command does by default (a sweep's, not a run's); --report also a run's, --no-report none" },
        }),
      async (a) => {
        const args = checkEach({ dirs: () => expandWildcards(a.dirs as string[]), out: () => checkOut(a.out), report: () => checkOnce('--report', a.report as boolean | undefined) });
        const { mergeCommand } = await import('./commands/merge.js');
        await mergeCommand(args, print);
      },
    )
    .strict()
    .help()
    .alias('h', 'help')
    // Given, not guessed: yargs's guess is the first package.json it finds from the folder above
    // its node_modules up (in the bundle, hubsim's folder: see scripts/bundle.js), which need not
    // be hubsim's.
    .version(VERSION)
    // yargs would end the process as soon as it has printed --help or --version, before the
    // standard output reports a write that failed (a tick later): a full disk exited 0. Left to
    // return, the command ends as every other does, and the exit handler below sees the failure.
    .exitProcess(false)
    // yargs renders the command's help as it starts the command, in case it is shown later; only
    // --help shows it here (failures throw), and wrapping it to the terminal is most of that
    // rendering's cost: some 10 ms of every run. yargs shows it for a bare word "help" too (`hubsim
    // help`, `hubsim run help`), which must be laid out as --help is, not in lines of any length.
    // Never narrower than HELP_LEAST: laid out narrower, an example's lines broke where the shell
    // runs each part on its own, and an option's name was split; the terminal wraps a longer line
    // only on the screen, and a line copied from it pastes whole.
    .wrap(argv.some((a) => HELP_WORDS.has(a) || a.startsWith('--help=')) ? Math.max(HELP_LEAST, Math.min(110, process.stdout.columns || 100)) : null)
    .fail((msg, err) => {
      // yargs's own complaints about the command line (a YError, such as an option given without
      // its value) are usage errors; any other error comes from a command and keeps its class.
      if (err && err.name !== 'YError') throw err;
      // A value outside an option's choices reads as every other bad value does (one line per option).
      if (/^Invalid values:/.test(msg ?? '')) {
        const choices = [...(msg ?? '').matchAll(/^\s*Argument: ([\w-]+), Given: (.*), Choices: (.*)$/gm)];
        if (choices.length > 0) throw new InputError(choices.map(([, option, given, allowed]) => ({ path: `--${option}`, expected: `must be one of ${allowed}`, found: given })));
      }
      // The options yargs knows at this point are those of the command it was running (getOptions
      // is yargs's, though not in its types; without it, no option is suggested).
      const known = (y as unknown as { getOptions?: () => { key: Record<string, unknown>; boolean: string[]; default?: Record<string, unknown> } }).getOptions?.() ?? { key: {}, boolean: [...FLAGS] };
      const command = commandOf(argv, known.boolean);
      // `--seed` with no value: said as a bad value is, with the option's name as typed.
      const bare = /^Not enough arguments following: ([\w-]+)$/.exec(msg ?? '');
      // An option with a default is not given it when it stands alone; that is said only of one that has one.
      const defaulted = known.default?.[bare?.[1] ?? ''] !== undefined;
      if (bare) {
        // `--out -x`: a path that starts with one dash is read as short options, and the option as
        // given none (said of the options that take a path, --sweep's file too: a number has no such spelling).
        const next = argv[argv.lastIndexOf(`--${bare[1]}`) + 1];
        if (next !== undefined) pathReadAsOptions(bare[1], next);
        throw new InputError([{ path: `--${bare[1]}`, expected: `must be given a value${defaulted ? ': an option that takes one is not given its default when it stands alone' : ''}`, found: 'nothing' }]);
      }
      const unknown = /^Unknown arguments?: (.*)$/.exec(msg ?? '');
      if (unknown) throw new InputError(unknownArguments(unknown[1].split(', '), argv, command, Object.keys(known.key), known.boolean));
      // `size --set …` is short of --vary because --set is sweep's: said as an unknown option is.
      const crossed = /^Missing required argument/.test(msg ?? '') ? anotherCommandsOptions(argv, command) : [];
      if (crossed.length > 0) throw new InputError(unknownArguments(crossed, argv, command, Object.keys(known.key), known.boolean));
      // `baseline` without --out: each option left out named as a bad one is, rather than in yargs's words.
      const required = /^Missing required arguments?: (.*)$/.exec(msg ?? '');
      // The options given that the command does not know (yargs takes one in camel case too:
      // --allowMissing). yargs looks for what is missing before it looks at them.
      const strays = () =>
        command === undefined
          ? []
          : unknownArguments(
              argv.flatMap((a) => {
                // A short option (-q) by its letter, as yargs reads the first of `-qv` or `-o/x`.
                const m = /^--(?:no-)?([^=]+)/.exec(a) ?? /^-([A-Za-z])/.exec(a);
                return m !== null && !Object.hasOwn(known.key, m[1]) && !Object.hasOwn(known.key, hyphenated(m[1])) && m[1] !== 'help' && m[1] !== 'version' && m[1] !== 'h' ? [m[1]] : [];
              }),
              argv,
              command,
              Object.keys(known.key),
              known.boolean,
            );
      if (required) {
        // `check --basline b.csv` was told only that --baseline is missing, the misspelt option never named.
        const missing = required[1].split(', ').map((name) => ({ path: `--${name}`, expected: `must be given: hubsim${command === undefined ? '' : ` ${command}`} needs it (see its --help)`, found: 'nothing' }));
        throw new InputError([...strays(), ...missing]);
      }
      // `check --tolerance 2% hub.json --baseline …`: --tolerance takes every word up to the next
      // option, the scenario file too, and yargs says only that the scenario is missing.
      if (command === 'check' && /^Not enough non-option arguments/.test(msg ?? '')) {
        const taken = tolerancesTaken(argv);
        if (taken.length > 1) throw new InputError([{ path: '--tolerance', expected: 'takes every word after it up to the next option, so the scenario file must come before it (or after another option)', found: taken.map((w) => JSON.stringify(w)).join(' ') }]);
      }
      // Too few files, said as too many are (noExtraArguments): what the command takes, and how many it got.
      const few = /^Not enough non-option arguments: got (\d+)/.exec(msg ?? '');
      if (few && command !== undefined && Object.hasOwn(TAKES, command)) {
        // yargs counts the files before it looks at the options: `run --hepl` was told only that
        // it names no scenario, the misspelt option never named.
        const unknown = strays();
        const got = few[1] === '0' ? 'none' : `only ${few[1]}`;
        const taken = [
          ...filesTakenByOptions(argv, known.boolean).map(({ option, word }) => `${option}${option.startsWith('--') || Object.hasOwn(known.key, option.slice(1)) ? '' : `, which is not an option of hubsim ${command},`} took ${JSON.stringify(word)} as its value`),
          ...filesReadAsOptions(argv).map((word) => `${JSON.stringify(word)} was read as options (write ./${word} for a file whose name starts with -)`),
        ];
        throw new InputError([...unknown, { path: 'usage', expected: `${command} takes ${TAKES[command]} (see hubsim ${command} --help)`, found: taken.length > 0 ? `${got}: ${taken.join(', ')}` : got }]);
      }
      throw new InputError([{ path: 'usage', expected: `${msg ?? err.message} (see hubsim${command === undefined ? '' : ` ${command}`} --help)` }]);
    });
  return y;
}

/** The words yargs took as the values of each `--tolerance`: with `=` too, it takes the words after it. */
function tolerancesTaken(argv: readonly string[]): string[] {
  const taken: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--tolerance=')) taken.push(argv[i].slice('--tolerance='.length));
    else if (argv[i] !== '--tolerance') continue;
    while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) taken.push(argv[++i]);
  }
  return taken;
}

/**
 * `--tolerance -5%` as `--tolerance=-5%`: yargs takes a value that starts with "-" and is not a plain
 * number for short flags ("Unknown arguments: 5, %"), where the user meant a tolerance, which then
 * gets its own message (a tolerance is a size, never negative). And a `--tolerance` with no value
 * before the next option or the end as `--tolerance=`: beside another `--tolerance`, yargs drops it
 * unheard, where `--tolerance 2% --tolerance $SHARES` with SHARES unset meant a tighter gate.
 */
function joinSignedTolerances(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tolerance' && /^-[0-9.]/.test(argv[i + 1] ?? '')) out.push(`--tolerance=${argv[++i]}`);
    else if (argv[i] === '--tolerance' && (i + 1 === argv.length || argv[i + 1].startsWith('-'))) out.push('--tolerance=');
    else out.push(argv[i]);
  }
  return out;
}

/**
 * Under `npm start -- ARGS` typed in a folder of the checkout, enters that folder (npm's INIT_CWD):
 * npm runs a package's scripts in the package's own folder, so from a subfolder `npm start -- run
 * mine.json` looked for mine.json, and wrote --out, beside package.json, where `hubsim run mine.json`
 * typed there reads and writes in the subfolder. Only for hubsim's own `start` script, and only
 * from within its checkout: a project whose script calls hubsim, or `npm --prefix` from elsewhere,
 * keeps npm's rule, paths from the package's folder.
 * @throws EnvironmentError if that folder cannot be entered.
 */
function enterTypedFolder(): void {
  const env = process.env;
  const typedIn = env.INIT_CWD;
  if (env.npm_lifecycle_event !== 'start' || !typedIn || !env.npm_package_json) return;
  const ownJson = samePlace(fileURLToPath(new URL('../../package.json', import.meta.url)));
  if (samePlace(env.npm_package_json) !== ownJson || !within(samePlace(typedIn), dirname(ownJson))) return;
  try {
    process.chdir(typedIn);
  } catch (err) {
    const e = atPath(err as NodeJS.ErrnoException, typedIn);
    throw new EnvironmentError(`${fsErrorText(e, 'cannot enter the folder npm start was typed in,')}${e.code === 'ENOENT' ? '; it was deleted after the shell entered it: change to a folder that exists' : ''}`);
  }
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    // A working folder deleted under the shell (by another terminal, a workspace clean-up): yargs
    // asks for it before anything else, and the command failed with "cannot use: no such file or
    // folder", naming nothing, even when every path it was given was absolute.
    try {
      process.cwd();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new EnvironmentError(`${fsErrorText(e, 'cannot use the working folder')}${e.code === 'ENOENT' ? '; it was deleted after the shell entered it: change to a folder that exists' : ''}`);
    }
    // yargs reads a lone "-" as no argument at all (a positional vanishes, or becomes `true`), so a
    // command given one would quietly do less than asked: hubsim reads no standard input.
    if (argv.includes('-')) throw new InputError([{ path: 'usage', expected: 'every file must be named: hubsim does not read standard input ("-"); for a file named -, write ./-', found: '"-"' }]);
    // yargs sets aside what follows "--", and no command reads it: `validate a.json -- b.json`
    // would pass without b.json ever being checked.
    if (argv.includes('--')) {
      throw new InputError([{ path: 'usage', expected: 'every argument must come before any "--", which hubsim does not take: for a file whose name starts with -, write ./-name', found: `"--" ${argv.slice(argv.indexOf('--') + 1).join(' ')}`.trimEnd() }]);
    }
    // From the start, a signal ends every command as it ends one at work: with the interrupted line
    // and 128 + its number, not by the system's default without a word (a report being drawn, the
    // slices being read by merge).
    hearInterrupts();
    // Nothing hubsim creates (--out's folders, the staging folder, results) is open to every user,
    // whatever the umask: in a folder others may write to, another user could swap one for a link.
    process.umask(process.umask(0o022) | 0o002);
    // Node decodes the command line as UTF-8, and a byte that is not (a name from a Latin-1 file
    // system) becomes U+FFFD: hubsim would write to, or look for, a name other than the one typed.
    const garbled = argv.filter((a) => a.includes('\uFFFD'));
    if (garbled.length > 0) {
      throw new InputError(garbled.map((a) => ({ path: 'usage', expected: 'every argument must be UTF-8 text: a name with other bytes (shown as \uFFFD) cannot be passed on as typed; rename it in UTF-8', found: JSON.stringify(a) })));
    }
    // yargs takes the word help for --help wherever it is last (`hubsim validate bad.json help`
    // showed the help, exit 0, and validated nothing): it asks for help only as the first word
    // (`hubsim help`) or as the one word after a command (`hubsim run help`).
    const given = words(argv, FLAGS);
    if (given.length > 2 && given[0] !== 'help' && given[given.length - 1] === 'help') {
      throw new InputError([
        {
          path: 'usage',
          expected: `the word help asks for help only alone or as the one word after a command (hubsim ${isCommand(given[0]) ? given[0] : 'COMMAND'} help, or --help); a file named help is written ./help`,
          found: `help after ${given.slice(1, -1).map((w) => JSON.stringify(w)).join(' ')}`,
        },
      ]);
    }
    // `hubsim replciate --help` (or -h, --h, --version, or the word help, which yargs takes for --help):
    // yargs printed the top-level help or the version, exit 0, for a word that is no command (a
    // script checking that a command exists by its help passed).
    const helpOrVersion = argv.some((a) => HELP_WORDS.has(a) || a === '--version');
    if (helpOrVersion) {
      const word = firstWord(argv, FLAGS);
      if (word !== undefined && word !== 'help' && !isCommand(word)) throw new InputError(unknownArguments([word], argv, undefined, []));
    }
    enterTypedFolder();
    // The same of the working folder, which every relative path is resolved against: a name Node
    // cannot give back (its path with U+FFFD) made hubsim create folders beside it, under that name.
    // (Help and the version resolve nothing, and are given as ever.)
    if (process.cwd().includes('\uFFFD') && !helpOrVersion) {
      throw new EnvironmentError(`cannot use the working folder: its path must be UTF-8 text, and a name with other bytes (shown as \uFFFD) cannot be resolved against (got ${JSON.stringify(process.cwd())}): change to a folder whose path is UTF-8`);
    }
    checkFlags(argv);
    await build(joinSignedTolerances(argv)).parseAsync();
    return 0;
  } catch (err) {
    if (err instanceof Regression) return 1;
    if (err instanceof InputError || err instanceof EnvironmentError) {
      // Every problem on a line of its own opens with the program's name, as the first does; those
      // indented under a file's heading are its.
      process.stderr.write(`${err.message.replace(/^(?=\S)/gm, 'hubsim: ')}\n`);
      return 2;
    }
    if (isFsError(err)) {
      process.stderr.write(`hubsim: ${fsErrorText(err, 'cannot use')}\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`hubsim: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.HUBSIM_DEBUG) process.stderr.write(`${e?.stack}\n`);
    return 3;
  }
}

// A reader that closes the pipe early (`hubsim ... | head`) is not an error: what is left to print
// goes nowhere, and the command ends with its own exit code. (Exiting 0 there and then turned a
// regression `check` had found into a pass, and a failure after a first line into a success.)
// Output that cannot be written (a full disk behind `> file`) is the environment refusing, exit 2
// with one line on stderr: not a stack trace, nor exit 1, which would read as a regression.
let stdoutGone = false;
let stdoutFailed: string | undefined;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && !stdoutGone) stdoutFailed = isFsError(e) ? fsErrorText(e, 'cannot write the standard output') : `cannot write the standard output: ${(e as Error).message}`;
  stdoutGone = true;
});

// Not a top-level await: the bundle is one script (scripts/bundle.js), and scripts cannot have one.
void main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
// Nothing can be said of a stderr that cannot be written (a full disk, a reader gone), and its
// error must not end the process as an uncaught one, exit 1, which `check` uses for a regression:
// the command keeps its own exit code.
process.stderr.on('error', () => {});
// The stream reports a failed write a tick later, so the exit code is settled at exit.
process.on('exit', () => {
  if (stdoutFailed === undefined || Number(process.exitCode ?? 0) >= 128) return;
  process.stderr.write(`hubsim: ${stdoutFailed}\n`);
  process.exitCode = 2;
});
