/**
 * The commands as a user runs them: `simulate --live` publishes and still writes truth, ledger and
 * reference; `stream --until-idle --json` lands it all and exits 0; bad flags exit 2.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';

let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  dir = tempDir('stream-cli');
}, 30_000);

afterAll(async () => {
  await nats?.dispose();
  dir?.remove();
});

it('publishes live and streams into bronze through the CLI', () => {
  const out = join(dir.path, 'data');
  const sim = cli(
    ['simulate', '--scenario', 'factorio', '--days', '1', '--out', out, '--live', '--speed', 'max', '--json'],
    {
      IRONWORKS_NATS: nats.url,
    },
  );
  expect(sim.code, sim.stderr).toBe(0);
  const s = JSON.parse(sim.stdout) as {
    rowsTotal: number;
    live: { events: number; published: number; reference: number };
  };
  expect(s.live.events).toBe(s.rowsTotal);
  expect(s.live.published).toBe(s.rowsTotal + s.live.reference);
  expect(existsSync(join(out, 'raw_data'))).toBe(false);
  expect(existsSync(join(out, 'ground_truth', '2025-12-01', 'truth.json'))).toBe(true);
  expect(existsSync(join(out, 'chaos', '2025-12-01', 'ledger.jsonl'))).toBe(true);

  const st = cli(['stream', '--nats', nats.url, '--data-dir', out, '--until-idle', '--json']);
  expect(st.code, st.stderr).toBe(0);
  const t = JSON.parse(st.stdout) as { events: number; perTable: Record<string, { events: number }> };
  expect(t.events).toBe(s.rowsTotal + s.live.reference);
  expect(t.perTable.production_batches?.events).toBeGreaterThan(0);

  // Published again (same seed): the stream's duplicate window drops every copy.
  const again = cli([
    'simulate',
    '--scenario',
    'factorio',
    '--days',
    '1',
    '--out',
    out,
    '--live',
    '--speed',
    'max',
    '--json',
    '--nats',
    nats.url,
  ]);
  expect(again.code, again.stderr).toBe(0);
  expect((JSON.parse(again.stdout) as { live: { duplicates: number } }).live.duplicates).toBe(
    s.rowsTotal + s.live.reference,
  );
});

it('rejects a bad speed with exit code 2', () => {
  const r = cli(['simulate', '--live', '--speed', 'fast', '--nats', nats.url, '--out', join(dir.path, 'x')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--speed/);
});
