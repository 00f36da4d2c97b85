// jStat ships no types. The few functions hubsim uses are declared in src/jstat.ts, which the
// package ships (this folder it does not), so that dist/jstat.d.ts names nothing an install lacks.
declare module 'jstat' {
  const jstat: { jStat: import('../jstat.js').JStat };
  export default jstat;
}
