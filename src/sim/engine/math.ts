/** Γ(x) by the Lanczos approximation: Weibull means need Γ(1 + 1/k). */
const G = 7;
const C = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function gammaFn(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFn(1 - x));
  const xx = x - 1;
  let a = C[0] as number;
  const t = xx + G + 0.5;
  for (let i = 1; i < G + 2; i++) a += (C[i] as number) / (xx + i);
  return Math.sqrt(2 * Math.PI) * t ** (xx + 0.5) * Math.exp(-t) * a;
}

/** Rounds to 2 decimals the way the seed does (half away from zero on the decimal value). */
export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((x + Number.EPSILON) * f) / f;
}

/**
 * The seed's batch energy, round(units × kWh/unit, 2), computed on exact decimals (half up), so
 * that SQL on DECIMAL columns gets the same cents: float products like 3 × 0.115 = 0.34500000000000003
 * would otherwise round differently in different engines.
 */
export function batchEnergyKwh(units: number, kwhPerUnit: number): number {
  const micro = units * Math.round(kwhPerUnit * 1e6);
  return Math.floor((micro + 5000) / 10000) / 100;
}
