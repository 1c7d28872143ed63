/** Reference data a user supplies with data ironworks did not make (formats.md §1). */
import { REFERENCE_FILES } from '../../contracts/reference.ts';
import type { SourceReader } from '../types.ts';

export const reference: SourceReader = {
  name: 'reference',
  description: 'Reference data: machines, factories, aliases, routings',
  scope: 'reference',
  rules: [
    {
      name: REFERENCE_FILES.machines,
      table: 'ref_machines',
      format: 'csv',
      description: 'machine master data',
    },
    {
      name: REFERENCE_FILES.factories,
      table: 'ref_factories',
      format: 'csv',
      description: 'factories and their time zones',
    },
    {
      name: REFERENCE_FILES.aliases,
      table: 'ref_aliases',
      format: 'csv',
      description: 'known spellings → canonical',
    },
    {
      name: REFERENCE_FILES.routings,
      table: 'ref_routings',
      format: 'csv',
      description: 'ideal cycle per product on multi-product machines',
    },
  ],
};
