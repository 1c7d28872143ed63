/**
 * Chaos scoring of a seed-format plant's clock-sampled telemetry (telemetry.jsonl, as the large
 * plant writes it): a small 24/7 variant of `large` with a sensor switched to °F from day 2 is
 * simulated, loaded and built, and the telemetry's spellings, °F readings and nulls are found
 * exactly, its spikes with precision 1.0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type ChaosScore, readLedger, scoreChaos } from '../../../src/quality/chaos-score.ts';
import { simulate } from '../../../src/sim/run.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { tempDir } from '../../helpers/tmp.ts';

const SCENARIO = `
extends: large
machines:
  - id: "SMELTER-{i:03}"
    replicas: 3
    name: "Smelter #{i}"
    type: Smelter
    line: "L{i}"
    recipes: [smelt_iron_plate]
    inputs: { iron_ore: IRON-ORE-YARD }
    outputs: { iron_plate: IRON-PLATE-STORE }
    production: { mode: batch, ideal_rate_per_hour: 75, batch_minutes: [45, 90] }
    setup_minutes: [5, 20]
    base_efficiency: 0.97
    defect_rate: [0.01, 0.03]
    minor_stops: { per_hour: 0.4, minutes: [1, 4] }
    failures: { mtbf_hours: 30, shape: 1.5 }
    repairs: { mttr_minutes: 45, sigma: 0.5 }
    energy_kwh_per_unit: 0.12
    installed_on: "2024-01-15"
    sensors:
      temperature_c: { producing: [1200, 1400], idle: [300, 500] }
      pressure_bar: { producing: [1.5, 2.5], idle: [1.0, 1.1] }
  - id: "ASSEMBLER-{i:03}"
    replicas: 3
    name: "Assembler #{i}"
    type: Assembler
    line: "L{i}"
    recipes: [assemble_gear_wheel]
    inputs: { iron_plate: IRON-PLATE-STORE }
    outputs: { gear_wheel: GEAR-STORE }
    production: { mode: batch, ideal_rate_per_hour: 30, batch_minutes: [60, 120] }
    setup_minutes: [5, 20]
    base_efficiency: 0.95
    defect_rate: [0.01, 0.03]
    minor_stops: { per_hour: 0.6, minutes: [1, 3] }
    failures: { mtbf_hours: 40, shape: 1.3 }
    repairs: { mttr_minutes: 30, sigma: 0.4 }
    energy_kwh_per_unit: 0.08
    installed_on: "2024-03-01"
master_data_changes: []
sensors:
  every_seconds: 30
chaos:
  unit_change: { rate: 0.2, from_day: 2 }
  outlier: { rate: 0.005 }
  sensor_null: { rate: 0.02 }
  machine_id_spelling: { rate: 0.1 }
`;

const dir = tempDir('verify-telemetry');
const src = join(dir.path, 'drop');
const db = join(dir.path, 'w.duckdb');
let scores: Map<string, ChaosScore>;
/** Ledger entries on telemetry.jsonl by type. */
const onTelemetry = new Map<string, number>();

beforeAll(async () => {
  const file = join(dir.path, 'small-large.yaml');
  writeFileSync(file, SCENARIO);
  await simulate({ scenario: loadScenario(file), start: '2025-12-01', days: 4, seed: 7, out: src });
  const ledger = readLedger(src);
  for (const e of ledger)
    if (e.file.endsWith('telemetry.jsonl')) onTelemetry.set(e.type, (onTelemetry.get(e.type) ?? 0) + 1);
  const wh = await Warehouse.open(db, 'test');
  try {
    await ingest(wh, { sourceDir: src });
    const b = await build(wh, loadProject());
    expect(b.errors).toBe(0);
    const list = await scoreChaos(wh.conn, 'MEGA-WORKS', ledger);
    scores = new Map(list.map((c) => [c.type, c]));
  } finally {
    await wh.close();
  }
}, 300_000);

afterAll(() => dir.remove());

describe('chaos scoring of seed-format telemetry', () => {
  it('the drop has telemetry damage of every kind to find', () => {
    for (const t of ['machine_id_spelling', 'unit_change', 'sensor_null', 'outlier'])
      expect(onTelemetry.get(t) ?? 0, t).toBeGreaterThan(20);
  });

  it('finds spellings, °F readings and nulls exactly', () => {
    for (const t of ['machine_id_spelling', 'unit_change', 'sensor_null']) {
      const c = scores.get(t);
      expect(c?.scored, t).toBe(true);
      expect([t, c?.precision, c?.recall]).toEqual([t, 1, 1]);
    }
  });

  it('flags spikes with precision 1.0 and misses only spikes a rule cannot see', () => {
    const c = scores.get('outlier');
    expect(c?.recoverable).toBe(false);
    expect(c?.precision).toBe(1);
    // A spike of a step that only partly overlapped a run can stay below a full step's level.
    expect(c?.recall).toBeGreaterThan(0.97);
  });
});
