/**
 * The API's route modules, in registration order. Each exports `register(app, ctx)`; add a module
 * by importing it here and listing it in `routeModules` (docs/dashboard-dev.md).
 */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import * as auth from './auth.ts';
import * as control from './control.ts';
import * as health from './health.ts';
import * as jobs from './jobs.ts';
import * as kpis from './kpis.ts';
import * as live from './live.ts';
import * as oee from './oee.ts';
import * as pipeline from './pipeline.ts';
import * as quality from './quality.ts';
import * as reliability from './reliability.ts';
import * as runs from './runs.ts';
import * as widgets from './widgets.ts';

export interface RouteModule {
  register(app: Hono, ctx: ServerContext): void;
}

/** `auth` first: its middleware must run before every other `/api/*` handler. */
export const routeModules: RouteModule[] = [
  auth,
  health,
  runs,
  jobs,
  kpis,
  live,
  control,
  pipeline,
  oee,
  reliability,
  quality,
  widgets,
];
