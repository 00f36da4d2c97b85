// seedrandom's Alea generator on its own. The package's main module also loads its six other
// generators and Node's crypto module (to seed from entropy, which hubsim never does): some 55 M
// instructions of every process's start.
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';
  const alea: (seed: string) => seedrandom.PRNG;
  export default alea;
}
