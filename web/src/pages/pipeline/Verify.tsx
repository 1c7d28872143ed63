/** The verify report: gold against ground truth per entity type, truth vs gold rows, chaos scores. */
import { useApi, withQuery } from '../../api.ts';
import { KpiTile } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { Table } from '../../components/Table.tsx';
import { useTime } from '../../time.tsx';
import type { ChaosRow, VerifyRow, VerifySummary } from './types.ts';

export function Verify() {
  const t = useTime();
  const api = useApi<{ summary: VerifySummary[] | null; rows: VerifyRow[] | null; chaos: ChaosRow[] | null }>(
    withQuery('api/pipeline/verify', { day: t.day }),
  );
  const summary = api.data?.summary ?? [];
  const metrics = summary.reduce((a, s) => a + s.metrics, 0);
  const matched = summary.reduce((a, s) => a + s.matched, 0);
  const first = summary[0];
  return (
    <Panel
      title="Verify: truth vs gold"
      testId="verify"
      loading={api.loading && !api.data}
      error={api.error}
      empty={summary.length === 0}
    >
      <div className="row">
        <KpiTile kpi="metrics_matched" value={metrics ? matched / metrics : null} testId="verify-share" />
        <span className="muted" data-testid="verify-count" data-metrics={metrics} data-matched={matched}>
          {matched.toLocaleString('en-US')} of {metrics.toLocaleString('en-US')} metrics match
          {first ? ` (${first.first_day} – ${first.last_day}, ${first.verify_id})` : ''}
        </span>
      </div>
      <Table
        testId="verify-summary"
        rows={summary}
        rowKey={(r) => `${r.factory_id}|${r.entity_type}`}
        columns={[
          { key: 'entity_type', label: 'entity' },
          { key: 'metrics', label: 'metrics', kpi: 'metrics' },
          { key: 'mismatched', label: 'mismatched', kpi: 'mismatched' },
          { key: 'match_share', label: 'match', kpi: 'metrics_matched' },
        ]}
      />
      <h3 className="muted">mismatches, then {t.day ?? 'each day'}'s factory and product totals</h3>
      <Table
        testId="verify-rows"
        rows={api.data?.rows ?? []}
        rowKey={(r) => `${r.day}|${r.entity_type}|${r.entity}|${r.metric}`}
        columns={[
          { key: 'day', label: 'day' },
          { key: 'entity', label: 'entity', render: (r) => `${r.entity_type} ${r.entity}` },
          { key: 'metric', label: 'metric' },
          { key: 'expected', label: 'truth', kpi: 'metric_value', digits: 4 },
          { key: 'actual', label: 'gold', kpi: 'metric_value', digits: 4 },
          {
            key: 'status',
            label: 'status',
            cellClass: (r) => (r.status === 'MATCH' ? 'status-match' : 'status-mismatch'),
          },
        ]}
      />
      <h3 className="muted">chaos scores (silver's findings against the chaos ledger)</h3>
      <Table
        testId="chaos-scores"
        rows={api.data?.chaos ?? []}
        rowKey={(r) => r.chaos_type}
        columns={[
          { key: 'chaos_type', label: 'chaos type' },
          { key: 'recoverable', label: 'recoverable', render: (r) => (r.recoverable ? 'yes' : 'no') },
          { key: 'injected', label: 'injected', kpi: 'injected' },
          { key: 'detected', label: 'detected', kpi: 'detected' },
          { key: 'precision', label: 'precision', kpi: 'precision' },
          { key: 'recall', label: 'recall', kpi: 'recall' },
        ]}
      />
    </Panel>
  );
}
