/**
 * The telemetry table (ironworks' `telemetry.jsonl`): every machine read every `every_seconds`,
 * all day, values from each machine's own random stream for the day, so the table is the same
 * whichever thread builds it.
 */
import type { Scenario } from '../../config/scenario-schema.ts';
import { EXTRA_FILES } from '../../contracts/extras.ts';
import type { SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { SensorModel } from '../sensors/readings.ts';
import { NumberPool } from '../sinks/number-pool.ts';
import { newTable } from '../sinks/types.ts';
import { TimestampFormatter } from '../time/format.ts';
import type { TelemetryDay } from './day.ts';

export const TELEMETRY_COLUMNS = [
  'machine_id',
  'timestamp',
  'state',
  'temperature_c',
  'pressure_bar',
  'vibration_mm_s',
  'power_kw',
  'energy_kwh',
  'efficiency_percent',
];

export class TelemetryTables {
  private readonly fmt: TimestampFormatter;
  /** One pool per measure (see NumberPool: it halves a day's rows in memory). */
  private readonly pools = {
    temperature: new NumberPool(),
    pressure: new NumberPool(),
    vibration: new NumberPool(),
    power: new NumberPool(),
    energy: new NumberPool(),
    efficiency: new NumberPool(),
  };

  constructor(
    private readonly scenario: Scenario,
    private readonly seed: number,
  ) {
    this.fmt = new TimestampFormatter(scenario.factory.timezone);
  }

  /** The day's clean table; the scenario must set `sensors.every_seconds`. */
  table(day: TelemetryDay): SourceTable {
    const every = this.scenario.sensors.every_seconds;
    if (!every) throw new Error(`scenario ${this.scenario.name} reads no clock-style telemetry`);
    const rows: Record<string, unknown>[] = [];
    const fmt = this.fmt;
    const pools = this.pools;
    const stepMs = every * 1000;
    // Every machine reads at the same instants, so each timestamp's text is made once a day and
    // shared by all machines' rows: less time, and a day's rows hold one string per instant.
    const stamps: string[] = [];
    const stamp = (at: number) => (stamps[(at - day.start) / stepMs] ??= fmt.withOffset(at));
    const specs = new Map(this.scenario.machines.map((m) => [m.id, m]));
    for (const m of day.machines) {
      const spec = specs.get(m.id);
      if (!spec) throw new Error(`unknown machine ${m.id}`);
      const model = new SensorModel(spec, Rng.stream(this.seed, `sensors:clock:${m.id}:${day.date}`));
      model.everyStep(m.id, day.start, day.end, stepMs, m.states, m.runs, m.efficiency, m.wear, (r) => {
        rows.push({
          machine_id: r.machineId,
          timestamp: stamp(r.at),
          state: r.state,
          temperature_c: pools.temperature.share(r.temperatureC),
          pressure_bar: pools.pressure.share(r.pressureBar),
          vibration_mm_s: pools.vibration.share(r.vibration),
          power_kw: pools.power.share(r.powerKw),
          energy_kwh: pools.energy.share(r.energyKwh),
          efficiency_percent: pools.efficiency.share(r.efficiencyPct),
        });
      });
    }
    const table = emptyTelemetryTable(day.date);
    table.rows = rows;
    return table;
  }
}

/** The telemetry table of `date` with no rows yet: its file, columns and what each field means. */
export function emptyTelemetryTable(date: string): SourceTable {
  return newTable({
    source: 'telemetry',
    file: EXTRA_FILES.telemetry,
    format: 'jsonl',
    columns: [...TELEMETRY_COLUMNS],
    date,
    roles: {
      machine: 'machine_id',
      measures: ['temperature_c', 'pressure_bar', 'vibration_mm_s', 'power_kw', 'energy_kwh'],
      temperatureC: 'temperature_c',
      eventTime: 'timestamp',
    },
    keyOf: (r) => `${r.machine_id}@${r.timestamp}`,
  });
}
