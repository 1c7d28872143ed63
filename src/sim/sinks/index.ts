/** Picks the sink of a plant's file format. */
import { SeedSink } from './seed.ts';
import type { Sink, SinkContext } from './types.ts';
import { WidgetsSink } from './widgets.ts';

export type { Sink, SinkContext } from './types.ts';

/** The seed file drop for `format: seed`, the seven widget topics for `format: widgets`. */
export function makeSink(ctx: SinkContext): Sink {
  switch (ctx.scenario.format) {
    case 'seed':
      return new SeedSink(ctx);
    case 'widgets':
      return new WidgetsSink(ctx);
  }
}
