/**
 * degradation: real machine behaviour, not damage to data. The engine applies it (and truth sees it);
 * chaos only writes the ledger entry that says which machine ran at what efficiency that day, so the
 * degradation mart can be scored like any other finding.
 */
import type { PendingLedgerEntry } from '../output/table.ts';
import type { ChaosModule } from './types.ts';

/** The ledger entry of one degraded machine on one day (written with file 'plant', no ordinal). */
export function degradationEntry(
  date: string,
  machineId: string,
  base: number,
  current: number,
): PendingLedgerEntry {
  return {
    type: 'degradation',
    source: 'plant',
    record_key: machineId,
    field: 'efficiency',
    clean_value: base,
    dirty_value: current,
    event_date: date,
  };
}

export const degradation: ChaosModule<'degradation'> = {
  type: 'degradation',
  isDefaultSource: () => false,
  accepts: () => false,
  create: () => null, // nothing to do to the tables
};
