// jStat is CommonJS: under ESM its namespace arrives as the default export.
import jstat from 'jstat';

/** jStat's distribution functions (CDFs, Student's t quantile, the gamma function). */
export const jStat = jstat.jStat;
