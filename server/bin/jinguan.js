#!/usr/bin/env -S node --max-semi-space-size=32
// The `jinguan` command: runs the TypeScript CLI through tsx's loader. A 32 MB young generation
// (semi-space) cuts the server's garbage-collection time (README, Configuration).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
