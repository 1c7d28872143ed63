/**
 * Reading SQL text without a parser: comments and string literals blanked out (so a name inside
 * them is not a dependency), and `schema.table` references found. Models are plain DuckDB SQL that
 * name their inputs as `bronze.x`, `silver.y`, `gold.z`: that is how dependencies are found.
 */

/** Replaces comments and quoted strings with spaces, keeping offsets. */
export function blankOut(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const n = sql[i + 1];
    if (c === '-' && n === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && n === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      out += `'${' '.repeat(Math.max(0, j - i - 1))}'`;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const REF = /(?:^|[^A-Za-z0-9_."])"?(bronze|silver|gold|ops)"?\s*\.\s*"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

/** Every `schema.name` the SQL mentions, lower-cased, in order of first mention. */
export function findRefs(sql: string): { schema: string; name: string }[] {
  const seen = new Set<string>();
  const out: { schema: string; name: string }[] = [];
  for (const m of blankOut(sql).matchAll(REF)) {
    const schema = (m[1] as string).toLowerCase();
    const name = (m[2] as string).toLowerCase();
    const key = `${schema}.${name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ schema, name });
    }
  }
  return out;
}

/** `-- config: materialized=incremental; partition_by=event_date` lines at the top of a model. */
export function headerConfig(sql: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of sql.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('--')) break;
    const m = /^--\s*config:\s*(.*)$/i.exec(t);
    if (!m) continue;
    for (const part of (m[1] as string).split(';')) {
      const [k, ...v] = part.split('=');
      if (k?.trim()) out[k.trim()] = v.join('=').trim();
    }
  }
  return out;
}

/**
 * The model's SELECT without a trailing semicolon, for wrapping; it ends with a newline, so that a
 * comment on its last line cannot swallow what the wrapper adds after it.
 */
export function selectBody(sql: string): string {
  return `${sql.trim().replace(/;\s*$/, '')}\n`;
}
