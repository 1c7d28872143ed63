/** Contracts shared by the simulator and the pipeline: nothing else crosses between them. */
export * from './extras.ts';
export * from './layout.ts';
export * from './ledger.ts';
export * from './reference.ts';
export * from './seed-drop.ts';
export * from './truth.ts';
export * from './widgets.ts';
