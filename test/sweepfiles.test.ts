import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_NAMES, type Metrics } from '../src/model/metrics.js';
import { csvText, exact } from '../src/output/csv.js';
import { writeDesignReplications, type DesignRow } from '../src/cli/sweepfiles.js';
import { tmp } from './helpers/cli.js';

describe('writeDesignReplications', () => {
  test('writes row by row the text that the rows make as one table: header, order, full precision, an undefined metric empty', () => {
    const metrics = (k: number) => Object.fromEntries(METRIC_NAMES.map((m, i) => [m, i === 3 ? NaN : k / 3 + i * 1e-9])) as Metrics;
    const rows: DesignRow[] = [
      { design: 1, replication: 1, seed: 11, metrics: metrics(1) },
      { design: 1, replication: 2, seed: 12, metrics: metrics(2) },
      { design: 2, replication: 1, seed: 11, metrics: metrics(3) },
    ];
    const path = join(tmp(), 'replications.csv');
    // A generator: the rows need not be held at once.
    writeDesignReplications(path, (function* () {
      yield* rows;
    })());
    const whole = csvText(['design', 'replication', 'seed', ...METRIC_NAMES], rows.map((r) => [String(r.design), String(r.replication), String(r.seed), ...METRIC_NAMES.map((m) => exact(r.metrics[m]))]));
    expect(readFileSync(path, 'utf8')).toBe(whole);
    expect(whole.split('\n')[1].split(',')[6]).toBe('');
  });
});
