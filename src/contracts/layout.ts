/**
 * Where things live in a data directory written by `ironworks simulate --out DIR` (and read by ingest).
 * These paths are a contract: another generator that writes the same layout loads unchanged.
 */
import { join } from 'node:path';

export const RAW_DIR = 'raw_data';
export const TRUTH_DIR = 'ground_truth';
export const CHAOS_DIR = 'chaos';
export const REFERENCE_DIR = 'reference';

export const TRUTH_FILE = 'truth.json';
export const LEDGER_FILE = 'ledger.jsonl';
export const RUN_MANIFEST_FILE = 'simulation.json';

export const rawDayDir = (root: string, date: string) => join(root, RAW_DIR, date);
export const truthFile = (root: string, date: string) => join(root, TRUTH_DIR, date, TRUTH_FILE);
export const ledgerFile = (root: string, date: string) => join(root, CHAOS_DIR, date, LEDGER_FILE);
export const referenceDir = (root: string) => join(root, REFERENCE_DIR);

/** Plant-local calendar day, `YYYY-MM-DD`: the partition key of every drop. */
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
