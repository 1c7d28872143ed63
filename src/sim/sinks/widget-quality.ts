/**
 * Measured quality of a component as it leaves its machine: weight and dimensions around the
 * part's nominal values, the machine's temperature at the time. Scrapped parts (defect_count ≥ 2)
 * are off nominal by more, so a consumer can see why they were scrapped.
 */
import type { MachineSpec } from '../../config/plant-schema.ts';
import type { ComponentProduced } from '../../contracts/widgets.ts';
import type { Rng } from '../random/rng.ts';
import { SensorModel } from '../sensors/readings.ts';

interface Nominal {
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** Nominal parts of seed 002's component types; a plant's own types get a generic part. */
const NOMINAL: Record<string, Nominal> = {
  metal_frame: { weightG: 250, lengthMm: 150, widthMm: 100, heightMm: 20 },
  plastic_housing: { weightG: 80, lengthMm: 160, widthMm: 110, heightMm: 30 },
  circuit_board: { weightG: 45, lengthMm: 120, widthMm: 80, heightMm: 2 },
  battery: { weightG: 120, lengthMm: 70, widthMm: 50, heightMm: 10 },
  display_screen: { weightG: 95, lengthMm: 130, widthMm: 75, heightMm: 5 },
  sensor: { weightG: 15, lengthMm: 25, widthMm: 25, heightMm: 8 },
  motor: { weightG: 180, lengthMm: 50, widthMm: 50, heightMm: 40 },
};
const GENERIC: Nominal = { weightG: 100, lengthMm: 100, widthMm: 100, heightMm: 10 };

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Draws the quality metrics of one machine's parts on one day, in production order. */
export class ComponentQuality {
  private readonly sensors: SensorModel;

  /**
   * @param rng the machine's per-day stream, so a day's metrics do not depend on other days
   * @param efficiency the machine's efficiency that day; `wear` heats a worn machine a little
   */
  constructor(
    spec: MachineSpec,
    private readonly rng: Rng,
    private readonly efficiency: number,
    private readonly wear: number,
  ) {
    this.sensors = new SensorModel(spec, rng);
  }

  metrics(item: string, defectCount: number): ComponentProduced['quality_metrics'] {
    const n = NOMINAL[item] ?? GENERIC;
    const rng = this.rng;
    // Good parts within ~1% of nominal; scrapped ones 3–8% off in a random direction.
    const off = defectCount >= 2 ? (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.03, 0.08) : 0;
    const dim = (mm: number) => round2(mm * (1 + rng.normal(0, 0.002) + off / 2));
    return {
      weight_grams: round2(n.weightG * (1 + rng.normal(0, 0.01) + off)),
      dimensions_mm: { length: dim(n.lengthMm), width: dim(n.widthMm), height: dim(n.heightMm) },
      temperature_celsius: this.sensors.values('producing', this.efficiency, this.wear).temperatureC,
      defect_count: defectCount,
    };
  }
}
