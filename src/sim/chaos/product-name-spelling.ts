/** product_name_spelling: the product written as people type it ("iron_plate", "IronPlate", …). */
import { named } from './sources.ts';
import { productNameVariants } from './spelling.ts';
import { spellingStep } from './spelling-step.ts';
import type { ChaosModule } from './types.ts';

export const productNameSpelling: ChaosModule<'product_name_spelling'> = {
  type: 'product_name_spelling',
  isDefaultSource: named({
    seed: ['production_batches'],
    widgets: ['component-production', 'widget-assembly'],
  }),
  accepts: (t) => t.roles.product !== undefined,
  create(config, run) {
    // A variant that is another canonical name would be a different record, not a misspelling.
    const canonical = new Set(run.products);
    return spellingStep(
      config.rate,
      (t) => t.roles.product,
      (v) => productNameVariants(v).filter((x) => !canonical.has(x)),
    );
  },
};
