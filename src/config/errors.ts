/** A configuration problem a user can fix: says which file, where in it, and what is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line?: number; message: string }[],
  ) {
    super(
      `${file}: invalid scenario\n` +
        problems
          .map((p) => `  - ${p.path || '(root)'}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}
