/**
 * The model graph: topological order (inputs before the models that read them) and dbt-style
 * selection: `name`, `+name` (with everything upstream), `name+` (with everything downstream),
 * `path:marts` (models under a folder), `tag:x`; several selectors separated by spaces or commas.
 */
import type { Model, Project } from './project.ts';
import { ProjectError } from './project.ts';

export function topoOrder(project: Project): Model[] {
  const order: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, path: string[]) => {
    const s = state.get(m.relation);
    if (s === 'done') return;
    if (s === 'visiting') throw new ProjectError(`models form a cycle: ${[...path, m.name].join(' → ')}`);
    state.set(m.relation, 'visiting');
    for (const dep of [...m.dependsOn, ...m.testDependsOn]) {
      const d = project.byRelation.get(dep);
      if (d) visit(d, [...path, m.name]);
    }
    state.set(m.relation, 'done');
    order.push(m);
  };
  for (const m of [...project.models.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return order;
}

function downstreamMap(project: Project): Map<string, string[]> {
  const down = new Map<string, string[]>();
  for (const m of project.models.values()) {
    for (const d of m.dependsOn) down.set(d, [...(down.get(d) ?? []), m.relation]);
  }
  return down;
}

/** The models a selection names, in topological order; every model when the selection is empty. */
export function select(project: Project, selection: string[] | undefined): Model[] {
  const order = topoOrder(project);
  const selectors = (selection ?? []).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
  if (selectors.length === 0) return order;
  const down = downstreamMap(project);
  const chosen = new Set<string>();
  const seenUp = new Set<string>();
  const seenDown = new Set<string>();
  const addUp = (rel: string) => {
    if (seenUp.has(rel)) return;
    seenUp.add(rel);
    chosen.add(rel);
    const m = project.byRelation.get(rel);
    for (const d of [...(m?.dependsOn ?? []), ...(m?.testDependsOn ?? [])]) addUp(d);
  };
  const addDown = (rel: string) => {
    if (seenDown.has(rel)) return;
    seenDown.add(rel);
    chosen.add(rel);
    for (const d of down.get(rel) ?? []) addDown(d);
  };
  for (const raw of selectors) {
    if (raw.startsWith('path:')) {
      const folder = raw.slice(5).replace(/\/$/, '');
      const hits = order.filter((m) => m.path.includes(`/${folder}/`) || m.folder === folder);
      if (hits.length === 0) throw new ProjectError(`selector ${raw} matches no model`);
      for (const m of hits) chosen.add(m.relation);
      continue;
    }
    if (raw.startsWith('tag:')) {
      const hits = order.filter((m) => m.config.tags.includes(raw.slice(4)));
      if (hits.length === 0) throw new ProjectError(`selector ${raw} matches no model`);
      for (const m of hits) chosen.add(m.relation);
      continue;
    }
    const up = raw.startsWith('+');
    const dn = raw.endsWith('+');
    const name = raw.replace(/^\+/, '').replace(/\+$/, '').toLowerCase();
    const m = project.models.get(name) ?? project.byRelation.get(name);
    if (!m) throw new ProjectError(`no model named "${name}" (ironworks models lists them)`);
    chosen.add(m.relation);
    if (up) addUp(m.relation);
    if (dn) addDown(m.relation);
  }
  return order.filter((m) => chosen.has(m.relation));
}
