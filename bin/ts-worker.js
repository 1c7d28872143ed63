// A worker thread does not inherit the TypeScript loader the main thread registered (bin/ironworks.js,
// bin/run-ts.js, or vitest's): this registers tsx in the thread, then loads the worker module it names.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
