// jStat is CommonJS: under ESM its namespace arrives as the default export.
import jstat from 'jstat';

/** A distribution's CDF with two parameters. */
export interface Cdf2 { cdf(x: number, a: number, b: number): number }

/**
 * The few jStat functions hubsim uses. jStat ships no types; declared here, where the module
 * declaration in src/types/jstat.d.ts takes them from (that folder is not shipped), dist/jstat.d.ts
 * names nothing that an installed hubsim lacks.
 */
export interface JStat {
  normal: Cdf2;
  gamma: Cdf2;
  gammafn(x: number): number;
  gammaln(x: number): number;
  studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
}

/**
 * jStat's distribution functions (CDFs, Student's t quantile, the gamma function), each read from
 * jStat when used: the bundle builds jStat, some 2 % of a one-day run's instructions, only then
 * (scripts/bundle.js), and a run whose distributions and summaries need none of them never does.
 */
export const jStat: JStat = {
  get normal() {
    return jstat.jStat.normal;
  },
  get gamma() {
    return jstat.jStat.gamma;
  },
  get gammafn() {
    return jstat.jStat.gammafn;
  },
  get gammaln() {
    return jstat.jStat.gammaln;
  },
  get studentt() {
    return jstat.jStat.studentt;
  },
};
