/** Lineage: sources → models as JSON (for the dashboard) and as a text graph (`models --graph`). */
import { topoOrder } from './dag.ts';
import type { Project } from './project.ts';

export interface Lineage {
  nodes: {
    id: string;
    name: string;
    kind: 'source' | 'model';
    layer: string;
    materialization: string | null;
    description: string;
    path: string | null;
  }[];
  edges: { from: string; to: string }[];
}

export function lineage(project: Project): Lineage {
  const nodes: Lineage['nodes'] = [];
  const edges: Lineage['edges'] = [];
  const sourceIds = new Set<string>();
  for (const s of project.sources) {
    sourceIds.add(s.relation);
    nodes.push({
      id: s.relation,
      name: s.name,
      kind: 'source',
      layer: s.schema,
      materialization: null,
      description: s.description,
      path: null,
    });
  }
  for (const m of topoOrder(project)) {
    nodes.push({
      id: m.relation,
      name: m.name,
      kind: 'model',
      layer: m.config.schema,
      materialization: m.config.materialized,
      description: m.description,
      path: m.path,
    });
    for (const s of m.sources) {
      if (!sourceIds.has(s)) {
        sourceIds.add(s);
        nodes.push({
          id: s,
          name: s.split('.')[1] ?? s,
          kind: 'source',
          layer: 'bronze',
          materialization: null,
          description: '',
          path: null,
        });
      }
      edges.push({ from: s, to: m.relation });
    }
    for (const d of m.dependsOn) edges.push({ from: d, to: m.relation });
  }
  return { nodes, edges };
}

/** Each model with what it reads, layer by layer: readable in a terminal. */
export function renderGraph(project: Project): string {
  const lines: string[] = [];
  let layer = '';
  for (const m of topoOrder(project)) {
    if (m.folder !== layer) {
      layer = m.folder;
      lines.push('', `${layer}/`);
    }
    const inputs = [...m.sources, ...m.dependsOn];
    lines.push(`  ${m.relation} [${m.config.materialized}]`);
    for (const [i, x] of inputs.entries()) lines.push(`    ${i === inputs.length - 1 ? '└─' : '├─'} ${x}`);
  }
  return lines.join('\n').trimStart();
}
