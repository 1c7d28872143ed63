/**
 * Where telemetry days are made: on worker threads, so the million readings a day of a big plant
 * are built, dirtied and written on other cores while the main thread runs the engine and the
 * other tables. Day i goes to worker i mod n; each worker takes its days in order. The output
 * does not depend on n: a day's readings and chaos come from random streams of that day and table
 * alone. One exception keeps a single worker: when late_arrival moves telemetry rows into a later
 * day's file, the days must pass through one chaos runner in order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChaosRunner } from '../chaos/runner.ts';
import type { TelemetryDay } from './day.ts';
import { emptyTelemetryTable } from './table.ts';
import { dayAndHeap, type TelemetryDone, type TelemetryRun, TelemetryWork } from './work.ts';

export interface LaneRequest {
  id: number;
  day: TelemetryDay;
}

export type LaneReply =
  | { id: number; ok: true; done: TelemetryDone }
  | { id: number; ok: false; message: string; stack: string }
  /** A worker's last word: its thread's CPU time. */
  | { cpuSeconds: number | null };

export interface TelemetryLane {
  /** Worker threads (0: days are made on the calling thread). */
  readonly workers: number;
  /** Starts a day. Keep at most 2 × `workers` days unfinished: one made and one queued per worker. */
  submit(day: TelemetryDay): Promise<TelemetryDone>;
  /** Ends the workers; resolves to each one's CPU seconds (null where unknown). */
  close(): Promise<(number | null)[]>;
}

/** The default: a worker per core, at most 4 (each holds a day's readings: ~150 MB on the large plant). */
export const defaultTelemetryThreads = () => Math.min(4, availableParallelism());

export function openTelemetryLane(run: TelemetryRun, threads: number): TelemetryLane {
  const sequential = ChaosRunner.forRun(run.scenario, run).crossesDays(emptyTelemetryTable(run.start));
  const n = Math.max(0, Math.min(threads, sequential ? 1 : threads, run.days));
  return n === 0 ? inlineLane(run) : new WorkerLane(run, n);
}

function inlineLane(run: TelemetryRun): TelemetryLane {
  const work = new TelemetryWork(run);
  return { workers: 0, submit: (day) => dayAndHeap(work, day), close: async () => [] };
}

/** How long a closing worker may take to finish the day it is writing. */
const STOP_MS = 60_000;

interface Pending {
  resolve: (done: TelemetryDone) => void;
  reject: (err: Error) => void;
}

class WorkerLane implements TelemetryLane {
  private readonly pool: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private readonly cpu: (number | null)[] = [];

  constructor(
    run: TelemetryRun,
    readonly workers: number,
  ) {
    const boot = new URL('../../../bin/ts-worker.js', import.meta.url);
    const entry = new URL('./worker.ts', import.meta.url).href;
    for (let i = 0; i < workers; i++) {
      const w = new Worker(boot, { workerData: { entry, run } });
      w.on('message', (reply: LaneReply) => this.settle(reply));
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (this.pending.size > 0) this.fail(new Error(`a telemetry worker ended (exit code ${code})`));
      });
      this.pool.push(w);
    }
  }

  submit(day: TelemetryDay): Promise<TelemetryDone> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const p = new Promise<TelemetryDone>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Marked handled: a caller that stops early (another error) never awaits the rest.
    p.catch(() => {});
    const request: LaneRequest = { id, day };
    (this.pool[day.dayIndex % this.workers] as Worker).postMessage(request);
    return p;
  }

  /**
   * Lets each worker finish the day it is writing, skip the rest and end; one that does not end
   * within STOP_MS is terminated.
   */
  async close(): Promise<(number | null)[]> {
    this.fail(new Error('the telemetry lane was closed'));
    await Promise.all(
      this.pool.map(async (w, i) => {
        this.cpu[i] = null;
        w.on('message', (reply: LaneReply) => {
          if ('cpuSeconds' in reply) this.cpu[i] = reply.cpuSeconds;
        });
        const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        w.postMessage('stop');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), STOP_MS);
        });
        if ((await Promise.race([ended, late])) === 'late') await w.terminate();
        clearTimeout(timer);
      }),
    );
    return this.cpu;
  }

  private settle(reply: LaneReply): void {
    if ('cpuSeconds' in reply) return;
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.done);
    else {
      const err = new Error(reply.message);
      err.stack = reply.stack;
      p.reject(err);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
