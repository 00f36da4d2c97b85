// jStat is CommonJS: under ESM its namespace arrives as the default export.
import jstat from 'jstat';

/** A distribution's CDF with two parameters. */
export interface Cdf2 { cdf(x: number, a: number, b: number): number }

/**
 * The few jStat functions hubsim uses. Declared here rather than only in src/types/jstat.d.ts
 * (which the package does not ship, and jStat ships no types): dist/jstat.d.ts then names nothing
 * that an installed hubsim lacks.
 */
export interface JStat {
  normal: Cdf2;
  gamma: Cdf2;
  gammafn(x: number): number;
  gammaln(x: number): number;
  studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
}

/** jStat's distribution functions (CDFs, Student's t quantile, the gamma function). */
export const jStat: JStat = jstat.jStat;
