/**
 * Property tests draw their cases from one fixed seed, so that `npm test` and CI check the same
 * cases on every run and a red run can be re-run as it was. `HUBSIM_FC_SEED=N` draws them from
 * seed N instead, and `HUBSIM_FC_SEED=random` from a new seed each time, to look for new
 * counterexamples (fast-check prints the seed and path of any it finds).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261201;
const given = process.env.HUBSIM_FC_SEED;
if (given !== 'random') {
  const seed = given === undefined || given === '' ? DEFAULT_SEED : Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`HUBSIM_FC_SEED: expected an integer or "random", found ${JSON.stringify(given)}`);
  fc.configureGlobal({ seed });
}
