#!/usr/bin/env node
// The CLI runs straight from TypeScript sources through tsx: no build step between a checkout and `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
