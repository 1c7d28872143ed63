/** Turning pending ledger entries into finished ones, and the ledger file's order. */
import { type LedgerEntry, ledgerEntry } from '../../contracts/ledger.ts';
import type { PendingLedgerEntry } from './table.ts';

/** The ledger file's keys: the schema's order, which is also the order `finalize` builds. */
export const LEDGER_COLUMNS = Object.keys(ledgerEntry.shape);

/** A finished entry, keys in the ledger schema's order (the file is compared byte for byte across runs). */
export function finalize(p: PendingLedgerEntry, file: string, ordinal: number | null): LedgerEntry {
  return {
    type: p.type,
    source: p.source,
    file,
    record_key: p.record_key,
    ordinal,
    field: p.field,
    clean_value: p.clean_value,
    dirty_value: p.dirty_value,
    event_date: p.event_date,
  };
}

/** Ledger entries that belong to no file (degradation): file 'plant', no ordinal. */
export function plantLedger(pending: readonly PendingLedgerEntry[]): LedgerEntry[] {
  return pending.map((p) => finalize(p, 'plant', null));
}

const cmpText = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
const cmpNum = (a: number | null, b: number | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b;

/** The ledger's order: file, ordinal, type, field (nulls first), then record key. */
export function compareLedger(a: LedgerEntry, b: LedgerEntry): number {
  return (
    cmpText(a.file, b.file) ||
    cmpNum(a.ordinal, b.ordinal) ||
    cmpText(a.type, b.type) ||
    cmpText(a.field, b.field) ||
    cmpText(a.record_key, b.record_key)
  );
}
