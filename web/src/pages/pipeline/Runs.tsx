/** Pipeline runs (newest first) and the tasks of the selected one; refreshed by the live feed. */
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { Table } from '../../components/Table.tsx';
import { useLive } from '../../live.ts';
import type { RunRow, TaskRow } from './types.ts';

const status = (r: { status: string }) => `status-${r.status}`;

export function Runs() {
  const api = useApi<{ runs: RunRow[] | null; tasks: TaskRow[] | null }>('api/pipeline/runs?limit=60');
  const live = useLive<unknown>('runs');
  const seen = useRef<unknown>(undefined);
  const { reload } = api;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the feed says runs changed
  useEffect(() => {
    // The feed's first message is the state at connect time: nothing new yet.
    const first = seen.current === undefined;
    seen.current = live;
    if (live !== undefined && !first) reload();
  }, [live]);
  const runs = api.data?.runs ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const run = picked ?? runs[0]?.run_id ?? null;
  const tasks = (api.data?.tasks ?? []).filter((t) => t.run_id === run);
  return (
    <Panel
      title="Runs and tasks"
      testId="runs"
      loading={api.loading && !api.data}
      error={api.error}
      empty={runs.length === 0}
    >
      <Table
        testId="runs-table"
        rows={runs}
        rowKey={(r) => r.run_id}
        selected={run}
        onRowClick={(r) => setPicked(r.run_id)}
        columns={[
          { key: 'run_id', label: 'run' },
          { key: 'status', label: 'status', cellClass: status },
          { key: 'seconds', label: 'seconds', kpi: 'run_seconds' },
          { key: 'error_message', label: 'error' },
        ]}
      />
      <h3 className="muted">tasks of {run}</h3>
      <Table
        testId="tasks-table"
        rows={tasks}
        rowKey={(t) => t.task_id}
        columns={[
          { key: 'task_id', label: 'task' },
          { key: 'status', label: 'status', cellClass: status },
          { key: 'attempts', label: 'attempts' },
          { key: 'seconds', label: 'seconds', kpi: 'run_seconds' },
          { key: 'summary', label: 'summary', render: (t) => t.error_message ?? t.summary ?? '' },
        ]}
      />
    </Panel>
  );
}
