import { describe, expect, test } from '@jest/globals';
import { bayStream, fmix32, replicationSeed, stream, STREAM_NAMES } from '../src/random/streams.js';
import { InputError } from '../src/errors.js';

const take = (rng: () => number, n: number) => Array.from({ length: n }, rng);

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('stream', () => {
  test('same seed and name give the same sequence', () => {
    expect(take(stream(42, 'arrivals'), 1000)).toEqual(take(stream(42, 'arrivals'), 1000));
  });

  test('different names or seeds give different sequences', () => {
    const seqs = STREAM_NAMES.map((name) => take(stream(42, name), 50).join(','));
    expect(new Set(seqs).size).toBe(STREAM_NAMES.length);
    expect(take(stream(42, 'soc'), 50)).not.toEqual(take(stream(43, 'soc'), 50));
  });

  test('draws are uniform on [0, 1): mean 1/2, variance 1/12', () => {
    const xs = take(stream(1, 'fleet'), 50_000);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / xs.length));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  test('streams of one seed are uncorrelated, pairwise and lagged', () => {
    const n = 20_000;
    const bound = 5 / Math.sqrt(n);
    const all = STREAM_NAMES.map((name) => take(stream(9, name), n + 1));
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        expect(Math.abs(correlation(all[i].slice(0, n), all[j].slice(0, n)))).toBeLessThan(bound);
        expect(Math.abs(correlation(all[i].slice(1), all[j].slice(0, n)))).toBeLessThan(bound);
      }
    }
  });

  test('drawing from one stream does not shift another (common random numbers)', () => {
    const untouched = take(stream(5, 'break'), 20);
    const busy = stream(5, 'soc');
    take(busy, 1000);
    expect(take(stream(5, 'break'), 20)).toEqual(untouched);
  });
});

describe('bayStream', () => {
  test('each bay, group and kind of draw has its own sequence; the same ones repeat', () => {
    const seqs = [
      bayStream(42, 'failures', 'dc', 1),
      bayStream(42, 'failures', 'dc', 2),
      bayStream(42, 'failures', 'ac', 1),
      bayStream(42, 'repairs', 'dc', 1),
      bayStream(43, 'failures', 'dc', 1),
    ].map((rng) => take(rng, 20).join(','));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(take(bayStream(42, 'failures', 'dc', 2), 20).join(',')).toBe(seqs[1]);
  });
});

describe('replicationSeed', () => {
  test('refuses a base or replication that is not a whole number, naming each', () => {
    const issues = (b: number, r: number) => {
      try {
        replicationSeed(b, r);
      } catch (e) {
        return (e as InputError).issues.map((i) => `${i.path}: ${i.found}`);
      }
      return [];
    };
    expect(issues(1.5, 1)).toEqual(['base: 1.5']);
    expect(issues(NaN, 0)).toEqual(['base: NaN', 'replication: 0']);
    expect(issues(-1, 2.5)).toEqual(['base: -1', 'replication: 2.5']);
    expect(issues(0, 1)).toEqual([]);
    expect(() => replicationSeed(1.5, 1)).toThrow(InputError);
  });

  test('refuses a replication past 2^32 - 1, which would repeat the seed of a smaller one', () => {
    expect(replicationSeed(7, 2 ** 32 - 1)).not.toBe(replicationSeed(7, 2 ** 32 - 2));
    expect(() => replicationSeed(7, 2 ** 32 + 1)).toThrow(InputError);
    expect(() => replicationSeed(7, 2 ** 32)).toThrow('replication: must be a whole number from 1 to 4294967295 (got 4294967296)');
  });


  test('is a deterministic unsigned 32-bit integer', () => {
    for (const [b, r] of [[1, 1], [0, 1], [2 ** 40 + 3, 7], [Number.MAX_SAFE_INTEGER, 1000]]) {
      const s = replicationSeed(b, r);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
      expect(replicationSeed(b, r)).toBe(s);
    }
  });

  test('replications of a batch get distinct seeds', () => {
    const seeds = Array.from({ length: 10_000 }, (_, i) => replicationSeed(1, i + 1));
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  test('batches with neighbouring base seeds share seeds only by chance, about R^2 / 2^32 of them', () => {
    const shared = (b1: number, b2: number, n: number) => {
      const a = new Set(Array.from({ length: n }, (_, i) => replicationSeed(b1, i + 1)));
      return Array.from({ length: n }, (_, i) => replicationSeed(b2, i + 1)).filter((s) => a.has(s)).length;
    };
    expect(shared(1, 2, 1000)).toBe(0);
    // 100,000^2 / 2^32 = 2.3 expected: a 32-bit seed cannot keep large batches apart.
    expect(shared(1, 2, 100_000)).toBe(4);
  });

  test('base seeds above 2^32 are not folded onto small ones', () => {
    expect(replicationSeed(2 ** 32 + 1, 1)).not.toBe(replicationSeed(1, 1));
    expect(replicationSeed(2 ** 32, 1)).not.toBe(replicationSeed(0, 1));
  });

  test("a base seed past 2^32 whose low and high halves hash as a small one's do has a batch of its own", () => {
    // The base's two halves are hashed into 32 bits first, so each small seed s has a twin with high
    // half 1 of the same hash: 2^32 + (s ^ fmix32(φ) ^ fmix32(1 + φ)), φ = 0x9e3779b9 (MurmurHash3's
    // finaliser). 4369077860 is seed 1's, and gave its every replication.
    for (const small of [1, 7, 20261201, 2 ** 32 - 1]) {
      const twin = 2 ** 32 + ((small ^ fmix32(0x9e3779b9) ^ fmix32(1 + 0x9e3779b9)) >>> 0);
      if (small === 1) expect(twin).toBe(4369077860);
      const batch = new Set(Array.from({ length: 1000 }, (_, i) => replicationSeed(small, i + 1)));
      expect(Array.from({ length: 1000 }, (_, i) => replicationSeed(twin, i + 1)).filter((s) => batch.has(s))).toEqual([]);
    }
  });
});
