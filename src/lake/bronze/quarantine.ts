/** Writes quarantined records: raw bytes kept exactly, text shown with U+FFFD for bad bytes (and NULs, which SQL literals cannot hold). */
import { literal } from '../sql.ts';
import type { LoadTarget, QuarantineRecord } from './types.ts';

const MAX_TEXT = 1 << 20;

export async function writeQuarantine(t: LoadTarget, records: QuarantineRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 200) {
    const values = records.slice(i, i + 200).map((q) => {
      const text = q.raw ? q.raw.subarray(0, MAX_TEXT).toString('utf8') : null;
      return `(${[
        literal(t.loadId),
        literal(t.file.relPath),
        literal(t.file.table),
        q.ordinal ?? 'NULL',
        q.line ?? 'NULL',
        text === null ? 'NULL' : literal(text.replaceAll('\0', '\uFFFD')),
        q.raw ? `unhex(${literal(q.raw.toString('hex'))})` : 'NULL',
        literal(q.errorType.replaceAll('\0', '\uFFFD')),
        literal(q.reason.replaceAll('\0', '\uFFFD')),
        literal(t.scan.sha256),
        t.file.logicalDate ? `DATE ${literal(t.file.logicalDate)}` : 'NULL',
        'now()',
      ].join(', ')})`;
    });
    await t.conn.run(`INSERT INTO bronze.quarantine VALUES ${values.join(', ')}`);
  }
}
