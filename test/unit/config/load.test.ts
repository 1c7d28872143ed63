import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.ts';
import { loadScenario } from '../../../src/config/load.ts';

const fixture = (name: string) => new URL(`../../fixtures/scenarios/${name}`, import.meta.url).pathname;

function problemsOf(file: string): string {
  try {
    loadScenario(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario loading', () => {
  it('loads every built-in plant', () => {
    for (const name of ['factorio', 'widgets', 'large']) {
      const s = loadScenario(name);
      expect(s.machines.length).toBeGreaterThan(0);
    }
    expect(loadScenario('large').machines).toHaveLength(100);
  });

  it('names the field, its line and the problem', () => {
    const msg = problemsOf(fixture('broken.yaml'));
    expect(msg).toContain('broken.yaml');
    expect(msg).toMatch(/factory\.timezone \(line 3\): expected an IANA time zone/);
    expect(msg).toMatch(/machines\[0\]\.production\.ideal_rate_per_hour \(line 11\): .*>0/);
  });

  it('rejects references to things that do not exist', () => {
    const msg = problemsOf(fixture('dangling.yaml'));
    expect(msg).toMatch(/machines\[0\].*unknown buffer "NO-SUCH-YARD"/);
  });

  it('rejects an unknown scenario name with the choices', () => {
    expect(problemsOf('no-such-plant')).toMatch(/expected one of factorio, widgets, large/);
  });
});
