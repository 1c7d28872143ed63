/**
 * ironworks' own files, shared by every format: machine states, daily master-data snapshots,
 * inventory moves and clock-style telemetry. Offset timestamps make them unambiguous.
 */
import { EXTRA_FILES, MACHINE_MASTER_COLUMNS } from '../../contracts/extras.ts';
import type { DayEvents } from '../engine/events.ts';
import type { SourceTable } from '../output/table.ts';
import type { TimestampFormatter } from '../time/format.ts';
import { newTable } from './types.ts';

export function machineStatesTable(day: DayEvents, fmt: TimestampFormatter): SourceTable {
  return newTable({
    source: 'machine_states',
    file: EXTRA_FILES.machine_states,
    format: 'jsonl',
    columns: ['machine_id', 'state', 'start_time', 'end_time', 'reason'],
    rows: day.states.map((i) => ({
      machine_id: i.machineId,
      state: i.state,
      start_time: fmt.withOffset(i.start),
      end_time: fmt.withOffset(i.end),
      reason: i.reason,
    })),
    date: day.date,
    roles: { machine: 'machine_id', eventTime: 'start_time' },
    keyOf: (r) => `${r.machine_id}@${r.start_time}`,
  });
}

export function machineMasterTable(day: DayEvents): SourceTable {
  return newTable({
    source: 'machine_master',
    file: EXTRA_FILES.machine_master,
    format: 'csv',
    columns: [...MACHINE_MASTER_COLUMNS],
    rows: day.master.map((m) => ({
      snapshot_date: day.date,
      machine_id: m.machineId,
      machine_name: m.machineName,
      machine_type: m.machineType,
      factory_id: m.factoryId,
      output_product: m.outputProduct,
      ideal_rate_units_per_hour: m.idealRatePerHour,
      energy_kwh_per_unit: m.kwhPerUnit,
      installed_on: m.installedOn,
      line_id: m.lineId,
      last_overhaul_on: m.lastOverhaulOn,
    })),
    date: day.date,
    roles: {},
    keyOf: (r) => `${r.machine_id}@${r.snapshot_date}`,
  });
}

export function inventoryMovesTable(day: DayEvents, fmt: TimestampFormatter, factoryId: string): SourceTable {
  return newTable({
    source: 'inventory_moves',
    file: EXTRA_FILES.inventory_moves,
    format: 'jsonl',
    columns: [
      'move_id',
      'timestamp',
      'factory_id',
      'buffer_id',
      'item',
      'change',
      'reason',
      'reference_id',
      'quantity_on_hand',
    ],
    rows: day.inventory.map((m) => ({
      move_id: m.moveId,
      timestamp: fmt.withOffset(m.at),
      factory_id: factoryId,
      buffer_id: m.bufferId,
      item: m.item,
      change: m.change,
      reason: m.reason,
      reference_id: m.referenceId,
      quantity_on_hand: m.onHand,
    })),
    date: day.date,
    roles: { eventTime: 'timestamp' },
    keyOf: (r) => String(r.move_id),
  });
}
