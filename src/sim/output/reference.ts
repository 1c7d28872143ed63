/**
 * Reference data beside the drop (`reference/`): machines as of the run's first day, factories,
 * and the known aliases a plant's people would keep (names of machines, the seed's spellings).
 * Spellings that only a generic normalizer resolves are deliberately left out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../config/scenario-schema.ts';
import { referenceDir } from '../../contracts/layout.ts';
import {
  REFERENCE_ALIAS_COLUMNS,
  REFERENCE_FACTORY_COLUMNS,
  REFERENCE_FILES,
  REFERENCE_MACHINE_COLUMNS,
  REFERENCE_ROUTING_COLUMNS,
} from '../../contracts/reference.ts';
import type { MachineMaster } from '../engine/events.ts';
import { csvHeader, csvRecord } from './csv.ts';

/** Reference CSVs follow the drop's CSV style: CRLF, RFC 4180 quoting, 0 bytes when empty. */
function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  return `${[csvHeader(columns), ...rows.map((r) => csvRecord(columns, r))].join('\r\n')}\r\n`;
}

export function writeReference(out: string, s: Scenario, masters: MachineMaster[]): void {
  const dir = referenceDir(out);
  mkdirSync(dir, { recursive: true });
  const machines = masters.map((m) => ({
    machine_id: m.machineId,
    machine_name: m.machineName,
    machine_type: m.machineType,
    factory_id: m.factoryId,
    output_product: m.outputProduct,
    ideal_rate_units_per_hour: m.idealRatePerHour,
    energy_kwh_per_unit: m.kwhPerUnit,
    installed_on: m.installedOn,
  }));
  writeFileSync(join(dir, REFERENCE_FILES.machines), toCsv([...REFERENCE_MACHINE_COLUMNS], machines));
  writeFileSync(
    join(dir, REFERENCE_FILES.factories),
    toCsv(
      [...REFERENCE_FACTORY_COLUMNS],
      [{ factory_id: s.factory.id, factory_name: s.factory.name, timezone: s.factory.timezone }],
    ),
  );
  const aliases: Record<string, unknown>[] = [];
  for (const m of masters) {
    // A machine's display name is the spelling operators use most ("Smelter #1").
    if (m.machineName !== m.machineId)
      aliases.push({ kind: 'machine', alias: m.machineName, canonical: m.machineId });
  }
  for (const item of s.items) {
    if (item.id !== item.name) aliases.push({ kind: 'product', alias: item.id, canonical: item.name });
  }
  writeFileSync(join(dir, REFERENCE_FILES.aliases), toCsv([...REFERENCE_ALIAS_COLUMNS], aliases));
  // Machines that build several products at one-unit cycles get a routing per product: the ideal
  // time the engine's truth uses (mean of the recipe's cycle range, rate rounded as in master data).
  const names = new Map(s.items.map((i) => [i.id, i.name]));
  const routings: Record<string, unknown>[] = [];
  for (const m of s.machines) {
    if (m.production.mode !== 'cycle' || m.recipes.length < 2) continue;
    for (const rid of m.recipes) {
      const r = s.recipes.find((x) => x.id === rid);
      const range = m.production.cycle_seconds ?? r?.cycle_seconds;
      if (!r || !range) continue;
      const mean = (range[0] + range[1]) / 2;
      routings.push({
        machine_id: m.id,
        product: names.get(r.output) ?? r.output,
        ideal_cycle_seconds: mean,
        ideal_rate_units_per_hour: Math.round((3600 / mean) * 1000) / 1000,
      });
    }
  }
  writeFileSync(join(dir, REFERENCE_FILES.routings), toCsv([...REFERENCE_ROUTING_COLUMNS], routings));
}
