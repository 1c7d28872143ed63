/** machine_id_spelling: the machine id as other systems write it ("Smelter-1", "smelter1", …). */
import type { SourceTable } from '../output/table.ts';
import { machineIdVariants } from './spelling.ts';
import { spellingStep } from './spelling-step.ts';
import type { ChaosModule } from './types.ts';

/** Our own master and state files stay clean: they are what the spellings get resolved against. */
const CLEAN_SOURCES = new Set(['machine_master', 'machine_states']);

export const machineIdSpelling: ChaosModule<'machine_id_spelling'> = {
  type: 'machine_id_spelling',
  isDefaultSource: (_format, t: SourceTable) => !CLEAN_SOURCES.has(t.source),
  accepts: (t) => t.roles.machine !== undefined,
  create(config, run) {
    // A variant that is another canonical name would be a different record, not a misspelling.
    const canonical = new Set(run.machines);
    return spellingStep(
      config.rate,
      (t) => t.roles.machine,
      (v) => machineIdVariants(v).filter((x) => !canonical.has(x)),
    );
  },
};
