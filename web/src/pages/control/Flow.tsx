/** Quadrant 3, product flow: the day's material flow as a Sankey, and daily totals per product. */
import { useMemo } from 'react';
import { Chart } from '../../components/Chart.tsx';
import { KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { ChartOption } from '../../echarts.ts';
import type { FlowAnswer, FlowEdge } from './types.ts';

/** Drops edges that would close a cycle (a Sankey must be acyclic); keeps the rest in order. */
export function acyclic(edges: FlowEdge[]): FlowEdge[] {
  const out: FlowEdge[] = [];
  const next = new Map<string, Set<string>>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const n = stack.pop() as string;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of next.get(n) ?? []) stack.push(m);
    }
    return false;
  };
  for (const e of edges) {
    if (e.from_node === e.to_node || reaches(e.to_node, e.from_node)) continue;
    out.push(e);
    const s = next.get(e.from_node) ?? new Set<string>();
    s.add(e.to_node);
    next.set(e.from_node, s);
  }
  return out;
}

export function Flow({
  data,
  loading,
  error,
}: {
  data: FlowAnswer | null;
  loading: boolean;
  error: string | null;
}) {
  const edges = data?.edges ?? [];
  const option = useMemo<ChartOption>(() => {
    // Parallel edges (same nodes, several items) merge into one link with the items in its label.
    const merged = new Map<string, { source: string; target: string; value: number; items: Set<string> }>();
    for (const e of acyclic(edges)) {
      const k = `${e.from_node}\u0000${e.to_node}`;
      const m = merged.get(k) ?? { source: e.from_node, target: e.to_node, value: 0, items: new Set() };
      m.value += e.quantity;
      m.items.add(e.item);
      merged.set(k, m);
    }
    const links = [...merged.values()];
    const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 90,
          top: 8,
          bottom: 8,
          nodeGap: 8,
          emphasis: { focus: 'adjacency' },
          label: { color: '#dde3ea', fontSize: 11 },
          lineStyle: { color: 'gradient', opacity: 0.35 },
          data: names.map((name) => ({ name })),
          links: links.map((l) => ({
            source: l.source,
            target: l.target,
            value: l.value,
            items: [...l.items].join(', '),
          })),
        },
      ],
    };
  }, [edges]);
  const products = data?.products ?? [];
  return (
    <Panel
      title="Product flow"
      testId="flow"
      loading={loading && !data}
      error={error}
      empty={!loading && edges.length === 0 && products.length === 0}
    >
      {edges.length ? (
        <Chart option={option} height={260} testId="sankey" />
      ) : (
        <div className="no-data">no flow</div>
      )}
      <table data-testid="product-totals">
        <thead>
          <tr>
            <th>product</th>
            <th className="num">runs</th>
            <th className="num">produced</th>
            <th className="num">good</th>
            <th className="num">scrap</th>
            <th className="num">scrap ratio</th>
            <th className="num">energy</th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.product_name} data-testid={`product-${p.product_name}`}>
              <td>{p.product_name}</td>
              <td className="num">{p.runs}</td>
              <td className="num">
                <KpiValue kpi="pq" value={p.pq} testId={`product-pq-${p.product_name}`} />
              </td>
              <td className="num">
                <KpiValue kpi="gq" value={p.gq} />
              </td>
              <td className="num">
                <KpiValue kpi="sq" value={p.sq} />
              </td>
              <td className="num">
                <KpiValue kpi="scrap_ratio" value={p.scrap_ratio} />
              </td>
              <td className="num">
                <KpiValue kpi="energy_kwh" value={p.energy_kwh} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
