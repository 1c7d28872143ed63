/** Cross-reference checks zod cannot express: every id a plant mentions must exist and fit. */
import type { Scenario } from './scenario-schema.ts';

export interface Problem {
  path: string;
  message: string;
}

export function validatePlant(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const items = new Set(s.items.map((i) => i.id));
  const recipes = new Map(s.recipes.map((r) => [r.id, r]));
  const buffers = new Map(s.buffers.map((b) => [b.id, b]));
  const machineIds = new Set<string>();
  const dup = (kind: string, list: { id: string }[], at: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id))
        problems.push({ path: `${at}[${i}].id`, message: `duplicate ${kind} id "${x.id}"` });
      seen.add(x.id);
    });
  };
  dup('item', s.items, 'items');
  dup('recipe', s.recipes, 'recipes');
  dup('buffer', s.buffers, 'buffers');
  dup('machine', s.machines, 'machines');

  s.recipes.forEach((r, i) => {
    if (!items.has(r.output))
      problems.push({ path: `recipes[${i}].output`, message: `unknown item "${r.output}"` });
    for (const item of Object.keys(r.inputs)) {
      if (!items.has(item))
        problems.push({ path: `recipes[${i}].inputs.${item}`, message: `unknown item "${item}"` });
    }
  });
  s.buffers.forEach((b, i) => {
    if (!items.has(b.item))
      problems.push({ path: `buffers[${i}].item`, message: `unknown item "${b.item}"` });
    if (b.capacity !== null && b.initial > b.capacity) {
      problems.push({
        path: `buffers[${i}].initial`,
        message: `initial stock ${b.initial} exceeds capacity ${b.capacity}`,
      });
    }
  });
  s.machines.forEach((m, i) => {
    machineIds.add(m.id);
    m.recipes.forEach((rid, j) => {
      const r = recipes.get(rid);
      if (!r) {
        problems.push({ path: `machines[${i}].recipes[${j}]`, message: `unknown recipe "${rid}"` });
        return;
      }
      for (const item of Object.keys(r.inputs)) {
        if (!m.inputs[item])
          problems.push({
            path: `machines[${i}].inputs`,
            message: `recipe "${rid}" needs "${item}" but no input buffer is given for it`,
          });
      }
      if (!m.outputs[r.output])
        problems.push({
          path: `machines[${i}].outputs`,
          message: `recipe "${rid}" makes "${r.output}" but no output buffer is given for it`,
        });
      if (m.production.mode === 'cycle' && !m.production.cycle_seconds && !r.cycle_seconds) {
        problems.push({
          path: `machines[${i}].production.cycle_seconds`,
          message: `neither the machine nor recipe "${rid}" gives a cycle time`,
        });
      }
    });
    for (const [item, bid] of [...Object.entries(m.inputs), ...Object.entries(m.outputs)]) {
      const b = buffers.get(bid);
      if (!b) problems.push({ path: `machines[${i}]`, message: `unknown buffer "${bid}"` });
      else if (b.item !== item)
        problems.push({
          path: `machines[${i}]`,
          message: `buffer "${bid}" holds "${b.item}", not "${item}"`,
        });
    }
    if (m.recipes.length > 1 && !m.make_to_order) {
      problems.push({
        path: `machines[${i}].make_to_order`,
        message: 'a machine with several recipes must build to orders',
      });
    }
  });
  if (s.machines.some((m) => m.make_to_order) && !s.orders) {
    problems.push({
      path: 'orders',
      message: 'machines build to orders but the plant has no orders section',
    });
  }
  s.master_data_changes.forEach((c, i) => {
    if (!machineIds.has(c.machine))
      problems.push({ path: `master_data_changes[${i}].machine`, message: `unknown machine "${c.machine}"` });
  });
  for (const [name, cfg] of Object.entries(s.chaos)) {
    const machines = (cfg as { machines?: string[] }).machines ?? [];
    machines.forEach((mid, j) => {
      if (!machineIds.has(mid))
        problems.push({ path: `chaos.${name}.machines[${j}]`, message: `unknown machine "${mid}"` });
    });
  }
  return problems;
}
