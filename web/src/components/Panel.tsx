/** A titled box on a page; shows loading, an error, or "no data" instead of its children. */
import type { ReactNode } from 'react';

export interface PanelProps {
  title: string;
  children?: ReactNode;
  loading?: boolean;
  error?: string | null;
  /** True when there is nothing to show: the panel says "no data". */
  empty?: boolean;
  testId?: string;
  className?: string;
  actions?: ReactNode;
}

export function Panel({ title, children, loading, error, empty, testId, className, actions }: PanelProps) {
  let body: ReactNode = children;
  if (error) body = <div className="error">error: {error}</div>;
  else if (loading) body = <div className="muted">loading…</div>;
  else if (empty) body = <div className="no-data">no data</div>;
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} data-testid={testId}>
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {body}
    </section>
  );
}
