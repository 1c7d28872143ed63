/**
 * The model lineage graph: bronze sources on the left, then each model one column right of its
 * deepest input (staging → intermediate → marts), coloured by schema. Hover shows the description.
 */
import { useMemo } from 'react';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { ChartOption } from '../../echarts.ts';
import type { LineageGraph } from './types.ts';

const COLORS: Record<string, string> = { bronze: '#c98a4b', silver: '#9fb3c8', gold: '#f5b942' };

/** Column of each node: 0 for sources, else 1 + the deepest input's column. */
export function depths(g: LineageGraph): Map<string, number> {
  const inputs = new Map<string, string[]>();
  for (const e of g.edges) inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
  const depth = new Map<string, number>();
  const visit = (id: string, stack: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (stack.has(id)) return 0; // a cycle cannot happen in a DAG; do not loop if it does
    stack.add(id);
    const d = Math.max(-1, ...(inputs.get(id) ?? []).map((i) => visit(i, stack))) + 1;
    stack.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const n of g.nodes) visit(n.id, new Set());
  return depth;
}

export function Lineage() {
  const api = useApi<LineageGraph>('api/pipeline/lineage');
  const option = useMemo<ChartOption | null>(() => {
    const g = api.data;
    if (!g) return null;
    const depth = depths(g);
    const rows = new Map<number, number>();
    const nodes = g.nodes.map((n) => {
      const x = depth.get(n.id) ?? 0;
      const y = rows.get(x) ?? 0;
      rows.set(x, y + 1);
      return {
        id: n.id,
        name: n.id,
        x: x * 260,
        y: y * 42,
        symbolSize: n.kind === 'source' ? 8 : 11,
        itemStyle: { color: COLORS[n.layer] ?? '#4fa3ff' },
        label: { show: true, position: 'right', formatter: n.name, color: '#dde3ea', fontSize: 10 },
        tooltip: {
          formatter: `${n.id}${n.materialization ? ` (${n.materialization})` : ''}<br/>${n.description}`,
        },
      };
    });
    return {
      tooltip: {},
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 5,
          lineStyle: { color: '#4a5a6a', opacity: 0.6, curveness: 0.15 },
          emphasis: { focus: 'adjacency' },
          data: nodes,
          links: g.edges.map((e) => ({ source: e.from, target: e.to })),
        },
      ],
    };
  }, [api.data]);
  return (
    <Panel
      title="Model lineage"
      testId="lineage"
      loading={api.loading && !api.data}
      error={api.error}
      empty={!option}
    >
      {option ? <Chart option={option} height={640} testId="lineage-graph" /> : null}
      <span
        hidden
        data-testid="lineage-counts"
        data-nodes={api.data?.nodes.length ?? 0}
        data-edges={api.data?.edges.length ?? 0}
      />
    </Panel>
  );
}
