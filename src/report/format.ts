// Numbers and text as the report shows them: plain fixed notation (never 1.26e+6), a thousands
// comma, a true minus sign, and as many decimals as the estimate's precision justifies.
import { isRoundingNoise } from '../stats/noise.js';

/** What a report shows when a value is undefined (an empty CSV cell). */
export const MISSING = '–';

const MINUS = '\u2212';
/** The most decimals the report shows. */
export const MAX_DECIMALS = 8;

/**
 * Renders `x` with exactly `decimals` digits after the point (0–8), in plain fixed notation with
 * a comma every three integer digits and a minus sign (U+2212); never "-0"; `MISSING` for NaN or
 * an infinity.
 */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const d = Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals)));
  // toFixed switches to exponent notation at 1e21; nothing hubsim writes comes near that.
  let text = Math.abs(x).toFixed(d);
  const negative = x < 0 && /[1-9]/.test(text);
  const [int, frac] = text.split('.');
  text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
  return negative ? MINUS + text : text;
}

/**
 * Decimals that keep `sig` significant digits of `x` (at least 0: integer digits are never
 * rounded away, so 1,259,432 stays as it is). 0 for 0 and for undefined values.
 */
export function significantDecimals(x: number, sig: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return clampDecimals(sig - 1 - Math.floor(Math.log10(Math.abs(x))));
}

/** `x` with `sig` significant digits (3 by default) in plain fixed notation; `MISSING` if undefined. */
export function formatNumber(x: number, sig = 3): string {
  return formatFixed(x, significantDecimals(x, sig));
}

/** `x` with `sig` significant digits as `formatNumber` gives it, less the zeros that end its decimals: 0.09, not 0.0900. */
export function formatSignificant(x: number, sig = 3): string {
  const text = formatNumber(x, sig);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Decimals for an estimate with a confidence interval: two significant digits of the interval's
 * half-width (the usual way to quote an uncertain value), or three significant digits of the
 * value when the interval is zero or undefined.
 */
export function estimateDecimals(value: number, low: number, high: number): number {
  const half = (high - low) / 2;
  // An interval as wide as rounding noise (an sd of 3e-12 on 21,667) is no interval.
  if (Number.isFinite(half) && !isRoundingNoise(half, value)) return clampDecimals(1 - Math.floor(Math.log10(half)));
  // A value that is itself rounding noise (energy not delivered of 6·10⁻¹¹ kWh where every truck
  // was charged) is 0, not 0.00000006; a whole number (5 trucks reneged in the one replication) is
  // whole, not 5.00, which reads as an average.
  return isRoundingNoise(value) || Number.isInteger(value) ? 0 : significantDecimals(value, 3);
}

/** Whether `x` is a whole number, or rounding noise about 0: 58 trucks, not 58.0, and 6·10⁻¹¹ kWh as 0. */
export function isWhole(x: number): boolean {
  return isRoundingNoise(x) || Number.isInteger(x);
}

/**
 * The fewest decimals, from `from` up to `to`, at which `bound` × `scale`, rounded as toFixed
 * rounds it, reads on the same side of `threshold` × `scale` as `bound` is of `threshold` (`to`
 * when none does): a lower bound of 0.138141 against a target of 0.13814 reads 0.1381 at four
 * decimals, below it, and 0.138141 at six; a bound equal to its threshold, at the decimals that
 * read as it. The text is read back unscaled: 57.00 % is 0.57, where 0.57 × 100 is 56.99999999999999.
 */
export function sideDecimals(bound: number, threshold: number, from: number, to: number, scale = 1): number {
  const side = Math.sign(bound - threshold);
  let decimals = from;
  while (decimals < to && Math.sign(Number((bound * scale).toFixed(decimals)) / scale - threshold) !== side) decimals++;
  return decimals;
}

/**
 * Whether `x` is above `limit` by more than rounding noise: an interval's end over a grid connection
 * by 4·10⁻¹² kW (a peak held at the limit in every replication, its sd 4.5·10⁻¹³) does not pass it.
 */
export function exceeds(x: number, limit: number): boolean {
  return x > limit && !isRoundingNoise(x - limit, limit);
}

/**
 * Whether a paired difference's interval is rounding noise at both ends, for quantities of size
 * `scale` (the larger of A and B): B − A is then no difference, shown as 0 with [0, 0], and its
 * interval excludes nothing. (Two runs on the same trucks can add the same energies in another
 * order: revenue 228,377.78 in both differed by 4·10⁻¹⁰.)
 */
function isNoiseInterval(low: number, high: number, scale = 0): boolean {
  return isRoundingNoise(low, scale) && isRoundingNoise(high, scale);
}

/** The size of the quantities a difference B − A was taken between: the larger of |A| and |B| where defined. */
export function diffScale(aMean: number, bMean: number): number {
  return Math.max(Number.isFinite(aMean) ? Math.abs(aMean) : 0, Number.isFinite(bMean) ? Math.abs(bMean) : 0);
}

/**
 * A paired difference B − A and its interval, rounding noise taken for what it is: a mean that is
 * noise (see isRoundingNoise) with an interval noise at both ends is none, 0 in [0, 0], and one
 * without an interval (NaN ends) is 0; anything else is returned as it is. The terminal, the
 * comparison's CSV and its report all go by it, so none of them shows a difference of 10⁻¹⁰
 * between two sums of the same energies, added in another order, as one that excludes zero.
 */
export function denoisedDiff(mean: number, low: number, high: number, scale: number): { readonly mean: number; readonly low: number; readonly high: number } {
  if (!isRoundingNoise(mean, scale)) return { mean, low, high };
  if (Number.isNaN(low)) return { mean: 0, low, high };
  return isNoiseInterval(low, high, scale) ? { mean: 0, low: 0, high: 0 } : { mean, low, high };
}

/** An estimate and its interval rendered with shared decimals. */
export interface FormattedEstimate {
  readonly value: string;
  /** `[low, high]`, or `MISSING` when the interval is undefined. */
  readonly interval: string;
  readonly decimals: number;
}

/**
 * Formats a value with its 95 % interval, all with the decimals `estimateDecimals` picks (or the
 * given ones, to line several estimates up), after multiplying by `scale` (100 for percentages).
 */
export function formatEstimate(value: number, low: number, high: number, scale = 1, decimals?: number): FormattedEstimate {
  const [v, l, h] = [value * scale, low * scale, high * scale];
  const d = decimals ?? estimateDecimals(v, l, h);
  const interval = Number.isFinite(l) && Number.isFinite(h) ? `[${formatFixed(l, d)}, ${formatFixed(h, d)}]` : MISSING;
  return { value: formatFixed(v, d), interval, decimals: d };
}

/** A share (0–1) as a percentage with `decimals` decimals: `94.5 %` (a no-break space before the sign). */
export function formatPercent(share: number, decimals = 1): string {
  const text = formatFixed(share * 100, decimals);
  return text === MISSING ? text : `${text}\u00a0%`;
}

const SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and double-quoted attribute values. Control characters
 * (a NUL or an escape in a scenario's free-text description) are parse errors in HTML, which a
 * browser drops or shows as nothing: they are shown as their control pictures (␀, ␛, ␡), and the
 * C1 controls, which have none, as U+FFFD. Tab, line feed, form feed and carriage return are text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code > 0x7f) return '\ufffd';
    return SPECIAL[c];
  });
}

function clampDecimals(d: number): number {
  return Math.min(MAX_DECIMALS, Math.max(0, d));
}

/**
 * A number exactly as JavaScript's shortest round-trip form gives it, but never in exponent
 * notation (1e-7 → 0.0000001), with thousands commas: for inputs, which must be shown as written.
 * With `shift`, the number times 10^shift, the decimal point moved in those same digits
 * (`formatExact(0.57, 2)` is 57, where 0.57 × 100 is 56.99999999999999): a share as a percentage.
 */
export function formatExact(x: number, shift = 0): string {
  if (!Number.isFinite(x)) return MISSING;
  const text = String(Math.abs(x));
  const m = /^(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(text);
  if (m === null) return text;
  let digits = m[1] + (m[2] ?? '');
  let point = m[1].length + Number(m[3] ?? 0) + shift;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  return x < 0 ? MINUS + grouped : grouped;
}

/**
 * A share as the per cent it is, every digit given (`formatExact`): 0.95 → `95 %`, 0.999 →
 * `99.9 %`, and 0.99999999999 not `100 %`. A no-break space before the sign on a page, where a
 * line must not end between them; `space` for the terminal.
 */
export function percentExact(share: number, space = '\u00a0'): string {
  return `${formatExact(share, 2)}${space}%`;
}
