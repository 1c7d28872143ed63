/** The raw load audit: totals per logical day, and each file loaded on the selected day. */
import { useApi, withQuery } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { Table } from '../../components/Table.tsx';
import { useTime } from '../../time.tsx';
import type { LoadRow, LoadTotal } from './types.ts';

export function Loads() {
  const t = useTime();
  const api = useApi<{ loads: LoadRow[] | null; totals: LoadTotal[] | null }>(
    withQuery('api/pipeline/loads', { day: t.day, limit: 500 }),
  );
  const totals = api.data?.totals ?? [];
  const loads = api.data?.loads ?? [];
  return (
    <Panel
      title="Load audit"
      testId="loads"
      loading={api.loading && !api.data}
      error={api.error}
      empty={totals.length === 0}
    >
      <Table
        testId="load-totals"
        rows={totals}
        rowKey={(r) => r.day ?? 'reference'}
        selected={t.day}
        onRowClick={(r) => r.day && t.setDay(r.day)}
        columns={[
          { key: 'day', label: 'day', render: (r) => r.day ?? 'reference data' },
          { key: 'loads', label: 'loads', kpi: 'loads' },
          { key: 'rows_read', label: 'read', kpi: 'rows_read' },
          { key: 'rows_loaded', label: 'loaded', kpi: 'rows_loaded' },
          { key: 'rows_quarantined', label: 'quarantined', kpi: 'quarantined' },
          { key: 'failed_loads', label: 'failed', kpi: 'failed_loads' },
          { key: 'late_loads', label: 'late files', kpi: 'late_files' },
        ]}
      />
      <h3 className="muted">files loaded for {t.day ?? '—'}</h3>
      <Table
        testId="loads-table"
        rows={loads}
        rowKey={(r) => `${r.load_id}|${r.source_file}`}
        columns={[
          { key: 'source_file', label: 'file' },
          { key: 'target_table', label: 'table' },
          { key: 'status', label: 'status', cellClass: (r) => `status-${r.status}` },
          { key: 'rows_read', label: 'read', kpi: 'rows_read' },
          { key: 'rows_loaded', label: 'loaded', kpi: 'rows_loaded' },
          { key: 'rows_quarantined', label: 'quarantined', kpi: 'quarantined' },
          { key: 'is_late', label: 'late', render: (r) => (r.is_late ? 'late' : '') },
        ]}
      />
    </Panel>
  );
}
