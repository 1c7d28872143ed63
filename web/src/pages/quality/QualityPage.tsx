/**
 * Quality: QC checks and the defect Pareto by reason (share, cumulative share) of the selected day,
 * and scrap by machine, product and machine × product (SQ / PQ summed then divided once).
 */
import { useMemo } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { type Column, KpiTable } from '../../components/KpiTable.tsx';
import { KpiTile } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ScopeSelect, usePeriod } from '../../components/scope.tsx';
import { useTime } from '../../time.tsx';
import { paretoOption, scrapOption } from './charts.ts';
import type { ParetoRow, QualityAnswer, ScrapRow } from './types.ts';
import './quality.css';

const scrapId = (r: ScrapRow) => [r.machine_id, r.product_name].filter(Boolean).join('-');
/** Scrap columns; `prefix` names the table in test ids (machine, product, mp). */
function scrapColumns(prefix: string): Column<ScrapRow>[] {
  return [
    { header: 'Machine', value: (r) => r.machine_id ?? 'all' },
    { header: 'Product', value: (r) => r.product_name ?? 'all' },
    { header: 'Produced', kpi: 'pq', value: (r) => r.pq, testId: (r) => `${prefix}-pq-${scrapId(r)}` },
    { header: 'Good', kpi: 'gq', value: (r) => r.gq },
    { header: 'Scrap', kpi: 'sq', value: (r) => r.sq, testId: (r) => `${prefix}-sq-${scrapId(r)}` },
    {
      header: 'Scrap ratio',
      kpi: 'scrap_ratio',
      value: (r) => r.scrap_ratio,
      testId: (r) => `${prefix}-ratio-${scrapId(r)}`,
    },
  ];
}

const reasonId = (r: ParetoRow) => r.reason.replace(/[^A-Za-z0-9_-]+/g, '_');
const PARETO_COLUMNS: Column<ParetoRow>[] = [
  { header: '#', value: (r) => r.pareto_rank },
  { header: 'Reason', value: (r) => r.reason },
  {
    header: 'Occurrences',
    kpi: 'defect_occurrences',
    value: (r) => r.occurrences,
    testId: (r) => `pareto-n-${reasonId(r)}`,
  },
  {
    header: 'Share',
    kpi: 'defect_share',
    value: (r) => r.share,
    testId: (r) => `pareto-share-${reasonId(r)}`,
  },
  { header: 'Cumulative', kpi: 'cumulative_share', value: (r) => r.cumulative_share },
];

export default function QualityPage() {
  const t = useTime();
  const period = usePeriod();
  const q = useApi<QualityAnswer>(
    period.from && period.to
      ? withQuery('api/quality', { factory: t.factory, from: period.from, to: period.to })
      : null,
  );
  const d = q.data;
  const pareto = useMemo(() => (d?.pareto.length ? paretoOption(d.pareto) : null), [d]);
  const byMachine = useMemo(
    () => (d?.scrap.machines.length ? scrapOption(d.scrap.machines, 'machine_id') : null),
    [d],
  );
  const loading = q.loading && !d;
  const total = d?.scrap.total ?? null;

  return (
    <div data-testid="page-quality" className="grid2">
      <Panel
        title={`Quality ${period.label}`}
        actions={<ScopeSelect period={period} />}
        loading={loading}
        error={q.error}
        empty={!total}
        testId="quality-summary"
      >
        <div className="row">
          <KpiTile kpi="qc_checks" value={d?.checks?.checks} testId="qc-checks" />
          <KpiTile kpi="qc_pass_rate" value={d?.checks?.pass_rate} testId="qc-pass-rate" />
          <KpiTile kpi="pq" value={total?.pq} testId="pq-total" />
          <KpiTile kpi="sq" value={total?.sq} testId="sq-total" />
          <KpiTile kpi="scrap_ratio" value={total?.scrap_ratio} testId="scrap-ratio-total" />
          <KpiTile kpi="quality" value={total?.quality} testId="quality-total" />
        </div>
      </Panel>

      <Panel
        title="Defect Pareto by reason"
        loading={loading}
        error={q.error}
        empty={!pareto && !d?.checks?.checks}
        testId="quality-pareto"
      >
        {pareto ? (
          <Chart option={pareto} height={260} testId="pareto-chart" />
        ) : (
          <p className="muted" data-testid="no-failed-checks">
            no failed QC check in this period
          </p>
        )}
        <KpiTable rows={d?.pareto ?? []} columns={PARETO_COLUMNS} rowKey={(r) => r.reason} />
      </Panel>

      <Panel
        title="Scrap by machine"
        loading={loading}
        error={q.error}
        empty={!byMachine}
        testId="scrap-machines"
      >
        {byMachine ? (
          <Chart option={byMachine} height={60 + (d?.scrap.machines.length ?? 0) * 28} testId="scrap-chart" />
        ) : null}
        <KpiTable rows={d?.scrap.machines ?? []} columns={scrapColumns('machine')} rowKey={scrapId} />
      </Panel>

      <Panel
        title="Scrap by product"
        loading={loading}
        error={q.error}
        empty={!d?.scrap.products.length}
        testId="scrap-products"
      >
        <KpiTable rows={d?.scrap.products ?? []} columns={scrapColumns('product')} rowKey={scrapId} />
      </Panel>

      <Panel
        title="Scrap by machine × product"
        loading={loading}
        error={q.error}
        empty={!d?.scrap.machineProducts.length}
        testId="scrap-machine-products"
        className="wide"
      >
        <KpiTable rows={d?.scrap.machineProducts ?? []} columns={scrapColumns('mp')} rowKey={scrapId} />
      </Panel>
    </div>
  );
}
