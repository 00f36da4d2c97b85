// jStat ships no types; these are the few functions hubsim uses.
declare module 'jstat' {
  export interface Cdf1 { cdf(x: number, a: number): number }
  export interface Cdf2 { cdf(x: number, a: number, b: number): number }
  export interface Cdf3 { cdf(x: number, a: number, b: number, c: number): number }
  const jstat: { jStat: {
    normal: Cdf2;
    lognormal: Cdf2;
    exponential: Cdf1;
    gamma: Cdf2;
    weibull: Cdf2;
    uniform: Cdf2;
    triangular: Cdf3;
    gammafn(x: number): number;
    gammaln(x: number): number;
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
  } };
  export default jstat;
}
