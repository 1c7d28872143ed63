/**
 * Spelling variants of names and ids, as people and other systems write them. Each list is fixed in
 * order (so picks are deterministic), without duplicates, and never contains the canonical form.
 * Reference data can publish them as aliases.
 */

/** Words of a name: split on spaces, `_`, `-` and CamelCase humps. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w.length > 0);
}

const lower = (w: string) => w.toLowerCase();
const upper = (w: string) => w.toUpperCase();
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

export function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/i.test(word)) return word + (word === word.toUpperCase() ? 'ES' : 'es');
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + (word === word.toUpperCase() ? 'IES' : 'ies');
  return word + (word === word.toUpperCase() ? 'S' : 's');
}

function finish(canonical: string, variants: string[]): string[] {
  return [...new Set(variants)].filter((v) => v !== canonical && v.trim().length > 0);
}

/** "Iron Plate" → iron_plate, IronPlate, Iron Plates, IRON PLATE, iron plate, Iron-Plate, … */
export function productNameVariants(name: string): string[] {
  const ws = words(name);
  if (ws.length === 0) return [];
  const join = (f: (w: string) => string, sep: string) => ws.map(f).join(sep);
  const pluralLast = (text: string) => {
    const last = ws.length - 1;
    const tail = ws[last] as string;
    const at = text.length - tail.length;
    return text.slice(0, at) + plural(text.slice(at));
  };
  return finish(name, [
    join(lower, '_'),
    join(title, ''),
    pluralLast(join(title, ' ')),
    join(upper, ' '),
    join(lower, ' '),
    join(title, '-'),
    join(title, '  '),
    pluralLast(join(lower, '_')),
    join(title, ' '),
    join(upper, '_'),
    join(lower, '-'),
    join(title, '_'),
    join(lower, ''),
    pluralLast(name),
  ]);
}

/** "SMELTER-01" → Smelter-1, SMELTER_01, smelter1, smelter-01, SMELTER 01, Smelter #1, … */
export function machineIdVariants(id: string): string[] {
  const m = /^(.*?)[\s_#-]*(\d+)$/.exec(id);
  const ws = words(m ? (m[1] as string) : id);
  if (ws.length === 0) return [];
  const join = (f: (w: string) => string, sep: string) => ws.map(f).join(sep);
  if (!m) {
    return finish(id, [
      join(lower, '_'),
      join(title, '-'),
      join(upper, ' '),
      join(title, ''),
      join(lower, '-'),
      join(upper, '-'),
      join(upper, '_'),
      join(lower, ''),
    ]);
  }
  const digits = m[2] as string;
  const n = String(Number(digits));
  return finish(id, [
    `${join(title, '-')}-${n}`,
    `${join(upper, '_')}_${digits}`,
    `${join(lower, '')}${n}`,
    `${join(lower, '-')}-${digits}`,
    `${join(upper, ' ')} ${digits}`,
    `${join(title, ' ')} #${n}`,
    `${join(upper, '-')}-${n}`,
    `${join(upper, '')}${digits}`,
    `${join(lower, '_')}_${digits}`,
    `${join(title, '-')}-${digits}`,
    `${join(upper, '-')}-${digits}`,
  ]);
}
