/** Plain JSON of any value: BigInt becomes a number (JSON.stringify refuses it). */
export const toJson = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)) ?? 'null');
