// A sizing's answer in words, at the top of its report: for each value of the second parameter (or
// once), the smallest value of the first that meets every target, the design that shows it, and
// what the next value down did. The same decision `hubsim size` prints, read from run.json.
import { formatEstimate, formatExact, formatNumber, percentExact } from './format.js';
import { alikeNeeded } from '../stats/onesided.js';
import { gapBelow, topFailsWorse } from '../stats/sizing.js';
import { counted } from '../words.js';
import type { Block, Cell, Inline } from './page.js';
import { paramUnit, withUnit } from './inputs.js';
import { metricInfo } from './metrics.js';
import type { PlanFolder, SizingAnswer, SizingConnection, SizingDifference, SizingFacts } from './read.js';
import type { SweepRow } from './data.js';
import { designVerdict, isOverloaded, LEFT_OUT, listedAnswers, shownValue, type AnswerEvidence } from './sweep.js';

/**
 * The parameters whose values are not all numbers, each with its values as the report shows them: a
 * chart places such a value by its position, and names it.
 */
export function textualParams(f: PlanFolder): [string, readonly string[]][] {
  // By run.json's values where they are given, as the rows were placed (a text "1000" is no number);
  // else by how the labels read.
  const textual = (path: string, labels: readonly string[]) => f.values?.[path]?.some((v) => typeof v !== 'number') ?? labels.some((v) => !/^-?[\d.e+-]+$/.test(v));
  return Object.entries(f.labels)
    .filter(([path, labels]) => textual(path, labels))
    .map(([path, labels]) => [path, f.values?.[path]?.map(shownLabel) ?? labels]);
}

/**
 * A parameter's value, as run.json holds it, as the report shows it: a number (in a list with
 * others, `null,2000`, too) with the thousands commas of every other number in the report, null as
 * what it means in a design (the field left out); a text as it is (an id "2000" is no number),
 * anything else (an object such as {"byHour": [...]}) as JSON, as the command line takes it.
 */
function shownLabel(v: unknown): string {
  if (v === null) return LEFT_OUT;
  if (typeof v === 'number') return formatExact(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** ` (kWh)` after a parameter's name where its numbers have a unit (see `paramUnit`). */
function unitAfter(path: string): string[] {
  const unit = paramUnit(path);
  return unit === undefined ? [] : [` (${unit})`];
}

/**
 * The designs each answer rests on, in the order of the answers (of the second parameter's values,
 * increasing when they are numbers): its design and the next value down, or the top of a range in
 * which nothing meets. Along a second parameter of numbers, the first answer and each whose
 * smallest value differs from the one before are the frontier's steps, where one parameter is
 * traded for the other.
 */
export function answerEvidence(f: PlanFolder, sizing: SizingFacts): AnswerEvidence[] {
  const across = f.data.params[1];
  const ordered = across !== undefined && !textualParams(f).some(([path]) => path === across);
  return sizing.answers.map((a, i) => ({
    designs: [a.design, a.below, a.top, a.bottom].filter((d): d is string => d !== undefined),
    step: ordered && (i === 0 || JSON.stringify(a.smallest) !== JSON.stringify(sizing.answers[i - 1].smallest)),
  }));
}

/** The answer section's blocks. */
export function sizingAnswer(f: PlanFolder, sizing: SizingFacts): Block[] {
  const [sized, across] = f.data.params;
  const labels = Object.fromEntries(textualParams(f));
  // A design's value of the sized parameter, as the table of designs shows it; and in words, as
  // `hubsim size` says it ("6 CCS bays"), where run.json records them (not in earlier folders).
  const numberOf = (design: string | undefined): string => {
    const row = f.data.rows.find((r) => r.design === design);
    return row === undefined ? '?' : withUnit(sized, shownValue(labels, sized, row.values[sized]));
  };
  const said: Readonly<Record<string, string>> = Object.assign({}, ...sizing.answers.map((a) => a.words ?? {}));
  const valueOf = (design: string | undefined): string => (design !== undefined && Object.hasOwn(said, design) ? said[design] : numberOf(design));
  // Whether values lie unsearched between an answer and the next value down (see `gapBelow`).
  const gapped = (a: SizingAnswer): boolean => a.below !== undefined && gapBelow(f.data.rows.find((r) => r.design === a.below)?.values[sized], a.smallest);
  const replicationsOf = (design: string | undefined) => f.data.rows.find((r) => r.design === design)?.replications;
  const targets = f.targets.map((t) => t.replace(/(>=|<=)/, ' $1 ')).join(' and ');
  const confidence = percentExact(sizing.confidence);

  /** What a design that is not the answer did, as a verb phrase: `fails (design 5)`. */
  const outcome = (design: string | undefined): string => {
    const verdict = designVerdict(f.data.rows, design ?? '');
    const reps = replicationsOf(design);
    const atMost = reps !== undefined && reps >= sizing.maxReplications;
    const what =
      verdict === 'undecided'
        ? `is undecided${atMost ? ` after ${reps} replications, the most allowed: not shown to meet, though it may` : ''}`
        : isOverloaded(verdict, reps)
          ? 'fails, overloaded: its hub could not serve its trucks'
          : verdict === 'meets' || verdict === 'fails'
            ? verdict
            : 'was not evaluated';
    return `${what} (design ${design ?? '?'})`;
  };

  /** One answer's sentences, after the value of the second parameter when there is one. */
  const sentences = (a: SizingAnswer): Inline[] => {
    if (a.smallest === undefined && a.bottom !== undefined) {
      // The bottom meets every target, or (of several) one that the top does not: the designs between may meet them all.
      const fails = topFails(f.data.rows, a.bottom, a.top);
      const met: Inline[] =
        designVerdict(f.data.rows, a.bottom) === 'meets'
          ? [`, meets ${targets} with ${confidence} confidence (design ${a.bottom}), and the top, `, { strong: valueOf(a.top) }, `, ${outcome(a.top)}. `]
          : [`, meets a target with ${confidence} confidence (design ${a.bottom}) that the top, `, { strong: valueOf(a.top) }, `, ${fails ? 'does not' : 'is not shown to meet'} (design ${a.top ?? '?'}). `];
      return [
        'No answer: the bottom of the range, ', { strong: valueOf(a.bottom) }, ...met,
        `A target ${fails ? 'gets' : 'may get'} worse with more of `, { code: sized }, ', and the search assumes none does: a sweep over the range shows where each target holds.',
      ];
    }
    const connection = a.connection ? [' ', ...connectionSentence(a.connection)] : [];
    if (a.smallest === undefined) {
      return ['No ', { code: sized }, ' up to ', { strong: valueOf(a.top) }, ` is shown to meet ${targets} with ${confidence} confidence: the top of the range ${outcome(a.top)}.`, ...connection];
    }
    const evidence = `design ${a.design ?? '?'}, ${replicationsOf(a.design) ?? '?'} replications`;
    const gap = gapped(a)
      ? ` Values between ${numberOf(a.below)} and ${withUnit(sized, shownLabel(a.smallest))} were not searched: a range between them finds whether a smaller one meets.`
      : '';
    const below = a.below === undefined ? ' It is the bottom of the range: smaller values were not searched.' : ` The next value down, ${valueOf(a.below)}, ${outcome(a.below)}.${gap}`;
    const difference = a.difference && a.below !== undefined ? [' ', ...differenceSentence(a.difference, `${withUnit(sized, shownLabel(a.smallest))} \u2212 ${numberOf(a.below)}`, confidence)] : [];
    const words = a.design !== undefined && Object.hasOwn(said, a.design) ? said[a.design] : undefined;
    return [
      { strong: words ?? withUnit(sized, shownLabel(a.smallest)) },
      ...(words !== undefined ? [' (', { code: sized }, ` = ${shownLabel(a.smallest)}) is the smallest`] : [' is the smallest ', { code: sized }]),
      `${a.below === undefined ? ' in the range' : gap ? ' of the values searched' : ''} that meets ${targets} with ${confidence} confidence (${evidence}).${below}`,
      ...difference,
      ...connection,
    ];
  };

  const how: Block = {
    kind: 'paragraph',
    text: [
      `A design meets a target when its one-sided ${confidence} confidence bound over the replications clears it, so a design that meets is unlikely to be a chance result. `,
      `A metric that gives one value in every replication of a design (no balk in any) decides only once ${formatExact(alikeNeeded(sizing.confidence))} replications agree, unless it is the same in every replication by its definition or the design draws nothing at random: fewer say nothing of an event that happens in only some replications. `,
      sizing.maxReplications > f.replications
        ? `The search runs each design with ${formatExact(f.replications)} replications at first, and doubles them while a design is undecided, up to ${formatExact(sizing.maxReplications)}. `
        : `The search runs each design with ${formatExact(f.replications)} replications, the most allowed: an undecided design stays undecided. `,
      'Every design runs on the same trucks (common random numbers).',
    ],
  };
  if (across === undefined) {
    const a = sizing.answers[0];
    return [...(a ? [{ kind: 'paragraph' as const, text: sentences(a) }] : []), how];
  }
  const evidence = answerEvidence(f, sizing);
  const kept = listedAnswers(evidence);
  const listed = sizing.answers.filter((_, i) => kept === undefined || kept.has(i));
  // A column on the connection only where some listed answer has something to say of it.
  const connections = listed.some((a) => a.connection !== undefined);
  // A column on the paired difference from the next value down, as the single answer's sentence
  // and `hubsim size` give it, where some listed answer has one.
  const differences = listed.some((a) => a.difference !== undefined && a.below !== undefined);
  const head: Cell[] = [
    // The columns of numbers carry their unit in their heads, as the sentences beside each number.
    { text: [{ code: across }, ...unitAfter(across)], num: true },
    { text: [`smallest `, { code: sized }, ...unitAfter(sized)], num: true },
    'Shown by',
    'The next value down',
    ...(differences ? [`Smallest less the next value down, paired (${confidence} interval)`] : []),
    ...(connections ? [{ text: ['Peak unconstrained demand (', { code: 'demand_peak_kw' }, ')'] } as Cell] : []),
  ];
  const differenceCell = (a: SizingAnswer): Cell[] => (differences ? [a.difference && a.below !== undefined ? { text: differenceParts(a.difference) } : '–'] : []);
  const connectionCell = (a: SizingAnswer): Cell[] => (connections ? [a.connection ? connectionCellText(a.connection) : '–'] : []);
  const rows: Cell[][] = listed.map((a) => {
    const at = { text: shownLabel(a.across), num: typeof a.across === 'number' };
    if (a.smallest === undefined && a.bottom !== undefined) {
      // The bottom meets every target, or (of several) one that the top does not, as the sentences say.
      const fails = topFails(f.data.rows, a.bottom, a.top);
      const met = designVerdict(f.data.rows, a.bottom) === 'meets' ? 'meets every target' : `meets a target that the top ${fails ? 'does not' : 'is not shown to meet'}`;
      return [at, { text: 'no answer', num: true }, '–', `the bottom of the range, ${valueOf(a.bottom)}, ${met} (design ${a.bottom}), the top, ${valueOf(a.top)}, ${outcome(a.top)}: a target ${fails ? 'gets' : 'may get'} worse with more of it`, ...differenceCell(a), ...connectionCell(a)];
    }
    if (a.smallest === undefined) return [at, { text: 'none in range', num: true }, '–', `the top of the range, ${valueOf(a.top)}, ${outcome(a.top)}`, ...differenceCell(a), ...connectionCell(a)];
    return [
      at,
      { text: { strong: shownLabel(a.smallest) }, num: typeof a.smallest === 'number' },
      `design ${a.design ?? '?'}, ${replicationsOf(a.design) ?? '?'} replications`,
      a.below === undefined ? 'none: the bottom of the range' : `${valueOf(a.below)} ${outcome(a.below)}${gapped(a) ? '; the values between were not searched' : ''}`,
      ...differenceCell(a),
      ...connectionCell(a),
    ];
  });
  const connectionNote: Block[] = connections
    ? [
        {
          kind: 'paragraph',
          text: [
            'The last column gives the highest ',
            { code: 'demand_peak_kw' },
            ' in any replication of the design shown, what its trucks plugged in would draw if the grid connection did not limit them, where it says something of the connection. ',
            ...(listed.some((a) => a.connection?.binds === true)
              ? [
                  `Past the connection (and a site battery\u2019s power), the connection holds the trucks back at their busiest${listed.some((a) => a.connection?.lowestKw !== undefined) ? ' (past only the lowest hours of a limit by hour, it may hold them back in those hours)' : ''}: that answer is for that connection, and a larger one may meet the targets with less (a size or sweep over both shows how they trade). `,
                ]
              : []),
            ...(listed.some((a) => a.connection?.binds === false)
              ? [
                  listed.every((a) => a.connection?.binds !== false || neverHolds(a.connection))
                    ? 'Under the top of a range of connections, at or above what the cabinets give in all, the connection never holds the trucks back; the bays, cabinets or waiting spaces are (a sweep over them shows which).'
                    : 'Under the top of a range of connections, the connection is seldom what holds the trucks back; the bays, cabinets or waiting spaces are (a sweep over them shows which).',
                ]
              : []),
          ],
        },
      ]
    : [];
  const n = sizing.answers.length;
  const steps = evidence.filter((a) => a.step).length;
  const keptSteps = kept === undefined ? 0 : [...kept].filter((i) => evidence[i].step).length;
  const left: Block[] =
    kept === undefined
      ? []
      : [
          {
            kind: 'paragraph',
            text: [
              `The table lists ${formatExact(kept.size)} of the ${formatExact(n)} answers, those whose designs the table of designs lists: `,
              ...(steps === 0
                ? [`spread evenly in the order of `, { code: across }, '\u2019s values']
                : [
                    keptSteps === steps ? `the ${formatExact(steps)} at the first ` : `${formatExact(keptSteps)} of the ${formatExact(steps)} at the first `,
                    { code: across },
                    ' and wherever the smallest ',
                    { code: sized },
                    ' changes from one ',
                    { code: across },
                    ' to the next',
                    ...(kept.size > keptSteps ? [`, and ${formatExact(kept.size - keptSteps)} of the other ${formatExact(n - steps)}, spread evenly along `, { code: across }] : []),
                  ]),
              '. The ',
              { code: 'decision' },
              ' of ',
              { code: 'run.json' },
              ' beside this report, and the output of ',
              { code: 'hubsim size' },
              ', give every one.',
            ],
          },
        ];
  return [
    { kind: 'paragraph', text: [`The smallest `, { code: sized }, `${sizing.answers.some(gapped) ? ' of the values searched' : ''} that meets ${targets} with ${confidence} confidence, for each `, { code: across }, ':'] },
    { kind: 'table', head, rows },
    ...left,
    ...connectionNote,
    how,
  ];
}

/**
 * Beside a demand peak under the top connection `c`: that the connection can never hold the trucks
 * back, where the cabinets give no more than it, else that it seldom does (a peak of interval means
 * under it leaves moments above it).
 */
export function underConnection(c: TopConnection): string {
  return neverHolds(c)
    ? `, which is no less than the ${formatExact(c.cabinetsKw!)} kW its cabinets give in all: the connection never holds them back`
    : ': the connection is seldom what holds them back';
}

/** The top connection of a range and what the cabinets give in all (see size.ts `ConnectionFacts`). */
type TopConnection = { readonly connectionKw: number; readonly cabinetsKw?: number };

/** Whether the cabinets give no more than connection `c`, which then never holds the trucks back. */
function neverHolds(c: TopConnection): boolean {
  return c.cabinetsKw !== undefined && c.cabinetsKw <= c.connectionKw;
}

/** What an answer shows of the grid connection, as a sentence: what `hubsim size` prints beside it. */
function connectionSentence(c: SizingConnection): Inline[] {
  const peak: Inline[] = [`Its trucks\u2019 unconstrained demand peaks at ${formatExact(Math.round(c.demandPeakKw))} kW (`, { code: 'demand_peak_kw' }, ', its highest in any replication)'];
  if (!c.binds) {
    return [...peak, `, under the ${formatExact(c.connectionKw)} kW connection${underConnection(c)}; the bays, cabinets or waiting spaces are (a sweep over them shows which).`];
  }
  const battery = c.batteryKw !== undefined ? ` and the battery\u2019s ${formatExact(c.batteryKw)} kW` : '';
  return [
    ...peak,
    `, past ${connectionWords(c).replace(/'/g, '\u2019')} (`,
    { code: 'hub.gridKw' },
    `)${battery}, ${holdsBack(c)}: the answer is for that connection, and a larger one may meet the targets with less (a size or sweep over both shows how they trade).`,
  ];
}

/** The connection a binding demand peak is read against: its one value, or a limit by hour's lowest. */
export function connectionWords(c: { readonly connectionKw: number; readonly lowestKw?: number }): string {
  return c.lowestKw === undefined ? `the ${formatExact(c.connectionKw)} kW connection` : `the connection's lowest limit by hour, ${formatExact(c.lowestKw)} kW of up to ${formatExact(c.connectionKw)} kW`;
}

/** What a connection past which the demand peaks does: a limit by hour may, in the hours it is at its lowest. */
export function holdsBack(c: { readonly lowestKw?: number; readonly batteryKw?: number }): string {
  const hold = c.batteryKw !== undefined ? 'hold' : 'holds';
  return c.lowestKw === undefined ? `which ${hold} them back at their busiest` : `which may hold them back in the hours it is in force`;
}

/** The same in a cell of the frontier's table: the peak, and the connection it is read against. */
function connectionCellText(c: SizingConnection): string {
  const supply = `${c.lowestKw === undefined ? `${formatExact(c.connectionKw)} kW connection` : `connection\u2019s lowest limit by hour, ${formatExact(c.lowestKw)} kW`}${c.batteryKw !== undefined ? ` and ${formatExact(c.batteryKw)} kW battery` : ''}`;
  return `${formatExact(Math.round(c.demandPeakKw))} kW, ${c.binds ? 'past' : 'under'} the ${supply}`;
}

/**
 * The answer against the next value down in words, as `hubsim size` prints it: `Paired over 10
 * replications with the same trucks, 7 − 6 differs by service_level 0.0162 [0.0130, 0.0193] (95 %
 * interval)`.
 */
function differenceSentence(d: SizingDifference, what: string, confidence: string): Inline[] {
  const parts = differenceParts(d);
  const n = d.metrics.filter((m) => m.low !== undefined).length;
  const intervals = n > 0 ? ` (${confidence} ${n === 1 ? 'interval' : 'intervals'})` : '';
  return [`Paired over ${formatExact(d.replications)} replications with the same trucks, ${what} differs by `, ...parts, `${intervals}.`];
}

/** Each target metric's paired difference and its interval: `service_level 1.62 percentage points [1.30, 1.93]`, joined by semicolons. */
function differenceParts(d: SizingDifference): Inline[] {
  const parts: Inline[] = [];
  d.metrics.forEach((m, i) => {
    if (i > 0) parts.push('; ');
    const over = m.pairs < d.replications && m.pairs > 0 ? `, over the ${counted(m.pairs, 'pair', formatExact(m.pairs))} that both define` : '';
    // A share's difference in percentage points, as the chart and the table beside it give shares in per cent.
    const share = metricInfo(m.metric).unit === 'share';
    const [scale, unit] = share ? [100, ' percentage points'] : [1, ''];
    const estimate = m.low !== undefined && m.high !== undefined ? formatEstimate(m.mean, m.low, m.high, scale) : undefined;
    const shown =
      estimate !== undefined
        ? `${estimate.value}${unit} ${estimate.interval}`
        : Number.isFinite(m.mean)
          ? `${formatNumber(m.mean * scale)}${unit}${m.alike ? `, the same in all ${formatExact(m.pairs)} pairs` : ''}`
          : 'undefined in every pair';
    parts.push({ code: m.metric }, ` ${shown}${over}`);
  });
  return parts;
}

/**
 * Whether the `top` design fails each target that the `bottom` meets and the top does not meet, as
 * the terminal says it (see `topFailsWorse`). A design's rows are in its targets' order, as size.csv
 * writes them.
 */
function topFails(rows: readonly SweepRow[], bottom: string | undefined, top: string | undefined): boolean {
  const verdicts = (design: string | undefined) => rows.filter((r) => r.design === design).map((r) => r.verdict);
  return topFailsWorse(verdicts(bottom), verdicts(top));
}
