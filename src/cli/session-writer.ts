import { parentPort } from 'node:worker_threads';
import { fsErrorText, isFsError } from '../errors.js';
import { writeSessionRow } from '../output/columns.js';
import { CsvFileWriter } from '../output/csv.js';
import { unpack, type FromWriter, type ToWriter } from './sessions.js';
import { unstagedError } from './staging.js';

// A writer thread for one sessions part file (see sessions.ts): appends the packed rows it is
// sent, formatted exactly as the simulating thread would have, and answers each batch so that the
// sender can keep the number in flight bounded.
let writer: CsvFileWriter | null = null;
let what = 'sessions';
const strings: string[] = [];
let failed = false;

function fail(err: unknown): void {
  failed = true;
  const message = isFsError(err) ? fsErrorText(unstagedError(err), `cannot write ${what}`) : String((err as Error)?.message ?? err);
  parentPort!.postMessage({ type: 'error', message } satisfies FromWriter);
}

parentPort!.on('message', (m: ToWriter) => {
  if (failed) return;
  try {
    if (m.type === 'open') {
      what = m.what;
      writer = new CsvFileWriter(m.path, null, true);
    } else if (m.type === 'rows') {
      strings.push(...m.strings);
      for (let i = 0; i < m.count; i++) {
        const { replication, record } = unpack(m.rows, i, strings);
        writeSessionRow(writer!, replication, record);
      }
      parentPort!.postMessage({ type: 'written' } satisfies FromWriter);
    } else {
      writer!.close();
      writer = null;
      parentPort!.postMessage({ type: 'closed' } satisfies FromWriter);
    }
  } catch (err) {
    fail(err);
  }
});
