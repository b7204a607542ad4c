#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('dislike404: not built yet; run `npm install` (or `npm run build`) in the checkout first.\n');
  process.exit(2);
}
// Node 22+ can cache compiled modules between runs, which shortens start-up; a no-op on Node 20.
module.enableCompileCache?.();
await import(entry.href);
