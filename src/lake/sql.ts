/** Quoting for SQL we build: identifiers and literals only ever go through these. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
export const qualified = (schema: string, table: string) => `${ident(schema)}.${ident(table)}`;
