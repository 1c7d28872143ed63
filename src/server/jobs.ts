/**
 * Work the server does for others (a CLI in another shell, a schedule): queued and run one at a time,
 * because one process owns the warehouse and DuckDB writes through one connection here. Listeners
 * hear every step (the live feed and a waiting CLI use that).
 */
import { EventEmitter } from 'node:events';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  state: JobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  log: string[];
  result: unknown;
  error: string | null;
}

export class JobQueue extends EventEmitter {
  private jobs = new Map<string, Job>();
  private queue: { job: Job; work: (log: (line: string) => void) => Promise<unknown> }[] = [];
  private busy = false;
  private seq = 0;

  submit(
    kind: string,
    params: Record<string, unknown>,
    work: (log: (line: string) => void) => Promise<unknown>,
  ): Job {
    this.seq++;
    const job: Job = {
      id: `job-${this.seq}`,
      kind,
      params,
      state: 'queued',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      log: [],
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > 200) this.jobs.delete(this.jobs.keys().next().value as string);
    this.queue.push({ job, work });
    this.emit('job', job);
    void this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    const { job, work } = next;
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    this.emit('job', job);
    try {
      job.result = await work((line) => {
        job.log.push(line);
        if (job.log.length > 500) job.log.shift();
        this.emit('log', job, line);
      });
      job.state = 'succeeded';
    } catch (err) {
      job.state = 'failed';
      job.error = err instanceof Error ? err.message : String(err);
    }
    job.finishedAt = new Date().toISOString();
    this.busy = false;
    this.emit('job', job);
    void this.pump();
  }
}
