/** Every source reader ironworks knows, in the order they are asked to claim a file. */
import { reference } from './reference/index.ts';
import { seedDrop } from './seed-drop/index.ts';
import type { SourceReader } from './types.ts';
import { widgets } from './widgets/index.ts';

export const READERS: readonly SourceReader[] = [seedDrop, widgets, reference];
