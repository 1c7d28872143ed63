/** `replicas: N` turns one machine entry into N, so a 100-machine plant is a few lines of YAML. */
import type { Scenario } from './scenario-schema.ts';

function fill(template: string, i: number): string {
  return template.replace(/\{i(?::(\d+))?\}/g, (_m, width?: string) =>
    width ? String(i).padStart(Number(width), '0') : String(i),
  );
}

export function expandReplicas(s: Scenario): Scenario {
  const machines = s.machines.flatMap((m) => {
    if (!m.replicas) return [m];
    return Array.from({ length: m.replicas }, (_, k) => {
      const i = k + 1;
      const { replicas: _r, ...rest } = m;
      return {
        ...rest,
        id: fill(m.id, i),
        name: fill(m.name, i),
        line: fill(m.line, i),
        inputs: Object.fromEntries(Object.entries(m.inputs).map(([item, buf]) => [item, fill(buf, i)])),
        outputs: Object.fromEntries(Object.entries(m.outputs).map(([item, buf]) => [item, fill(buf, i)])),
      };
    });
  });
  return { ...s, machines };
}
