/**
 * Quality control after a run. Batch plants sample whole batches (the seed's ~40%, FAIL only when a
 * batch had defects above the acceptance level); unit plants check every finished unit against its
 * standard, with test results consistent with the verdict the engine already decided.
 */
import type { Plant } from '../../config/plant-schema.ts';
import type { QcEvent, RunEvent } from '../engine/events.ts';
import type { Rng } from '../random/rng.ts';

const MIN = 60_000;
/** A sampled batch fails when more than this share of its units is defective. */
export const BATCH_ACCEPTANCE_DEFECT_RATE = 0.02;

const PASS_NOTES = ['Within spec', 'Dimensions OK', 'Surface finish acceptable', 'Good batch, no issues', ''];
const DEFECT_REASONS = ['surface cracks', 'dimensional deviation', 'porosity', 'burrs', 'warping'];

export class Inspection {
  private seq = new Map<string, number>();

  constructor(
    private readonly qc: NonNullable<Plant['qc']>,
    private readonly rng: Rng,
    private readonly dateOf: (t: number) => string,
  ) {}

  private checkId(at: number): string {
    const ymd = this.dateOf(at).replaceAll('-', '');
    const n = (this.seq.get(ymd) ?? 0) + 1;
    this.seq.set(ymd, n);
    if (this.seq.size > 4) this.seq.delete(this.seq.keys().next().value as string);
    return `QC_${ymd}_${String(n).padStart(4, '0')}`;
  }

  /** Seed style: a sample of batches, one check each. */
  batch(run: RunEvent): QcEvent | null {
    if (!this.rng.chance(this.qc.sample_rate)) return null;
    const at =
      run.end + Math.round(this.rng.uniform(this.qc.delay_minutes[0], this.qc.delay_minutes[1]) * 60) * 1000;
    const pass = run.defective / run.units <= BATCH_ACCEPTANCE_DEFECT_RATE;
    const reason = this.rng.pick(DEFECT_REASONS);
    return {
      checkId: this.checkId(at),
      runId: run.runId,
      unitId: null,
      machineId: run.machineId,
      item: run.item,
      at,
      inspectorId: this.rng.pick(this.qc.inspectors),
      pass,
      defects: pass ? [] : [reason],
      notes: pass
        ? this.rng.pick(PASS_NOTES)
        : `${run.defective} defective units, mostly ${reason}, batch held for review`,
      tests: null,
    };
  }

  /** Unit style: every unit with a standard is checked; failing units get reasons and low scores. */
  units(run: RunEvent): QcEvent[] {
    const std = this.qc.standards?.[run.item];
    if (!std) return [];
    const rates = this.qc.test_pass_rates ?? { electrical: 0.95, mechanical: 0.97, visual: 0.98 };
    const out: QcEvent[] = [];
    for (let i = 0; i < run.unitIds.length; i++) {
      const bad = (run.unitDefects[i] ?? 0) >= 2;
      const at =
        run.end + Math.round(this.rng.uniform(this.qc.delay_minutes[0], this.qc.delay_minutes[1]) * MIN);
      const defects: string[] = [];
      if (bad) {
        // Failure kinds in proportion to how often each test fails; at least one.
        const weights = [1 - rates.electrical, 1 - rates.mechanical, 1 - rates.visual, 0.05];
        const kinds = [
          'electrical_failure',
          'mechanical_defect',
          'visual_defect',
          'performance_below_standard',
        ];
        defects.push(kinds[this.rng.weighted(weights)] as string);
        if (this.rng.chance(0.15)) {
          const extra = kinds[this.rng.weighted(weights)] as string;
          if (!defects.includes(extra)) defects.push(extra);
        }
      }
      const score = defects.includes('performance_below_standard')
        ? Math.round(this.rng.uniform(std.min_performance_score - 15, std.min_performance_score - 0.5) * 10) /
          10
        : Math.round(this.rng.uniform(std.min_performance_score, 100) * 10) / 10;
      out.push({
        checkId: `QC_${run.unitIds[i]}`,
        runId: run.runId,
        unitId: run.unitIds[i] as string,
        machineId: run.machineId,
        item: run.item,
        at,
        inspectorId: this.rng.pick(this.qc.inspectors),
        pass: !bad,
        defects,
        notes: bad ? `Failed: ${defects.join(', ')}` : 'All tests passed',
        tests: {
          electrical: !defects.includes('electrical_failure'),
          mechanical: !defects.includes('mechanical_defect'),
          visual: !defects.includes('visual_defect'),
          performanceScore: score,
        },
      });
    }
    return out;
  }
}
