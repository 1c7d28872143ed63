/**
 * A telemetry worker thread (started by lane.ts through bin/ts-worker.js): takes days, one at a
 * time in the order sent, and answers each with its TelemetryDone or its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TelemetryDay } from './day.ts';
import type { LaneReply, LaneRequest } from './lane.ts';
import { threadCpuSeconds } from './thread-cpu.ts';
import { dayAndHeap, type TelemetryRun, TelemetryWork } from './work.ts';

const port = parentPort;
if (!port) throw new Error('sim/telemetry/worker.ts runs as a worker thread (see lane.ts)');
const work = new TelemetryWork((workerData as { run: TelemetryRun }).run);
let queue: Promise<void> = Promise.resolve();
let stopping = false;

port.on('message', (msg: LaneRequest | 'stop') => {
  if (msg === 'stop') {
    // The day being written is finished (no half-written temporary file is left), the rest skipped.
    stopping = true;
    queue = queue.then(() => {
      port.postMessage({ cpuSeconds: threadCpuSeconds() } satisfies LaneReply);
      port.close();
    });
  } else queue = queue.then(() => answer(msg.id, msg.day));
});

async function answer(id: number, day: TelemetryDay): Promise<void> {
  if (stopping) return;
  let reply: LaneReply;
  try {
    reply = { id, ok: true, done: await dayAndHeap(work, day) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, ok: false, message: e.message, stack: e.stack ?? e.message };
  }
  // The ledger's chunks (~25 MB a day on a big plant) move to the main thread instead of being copied.
  port?.postMessage(reply, reply.ok ? reply.done.ledger.chunks.map((c) => c.buffer as ArrayBuffer) : []);
}
