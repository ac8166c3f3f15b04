#!/usr/bin/env node
// `npm install` hook: keep a prebuilt or already built binary that loads; otherwise build
// from source. RDLAB_BUILD_FROM_SOURCE=1 always builds.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function loads() {
  const probe = `require('node-gyp-build')(${JSON.stringify(root)}).info()`;
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

if (process.env.RDLAB_BUILD_FROM_SOURCE !== '1' && loads()) {
  console.log('rdlab: using the existing native binary');
} else {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-native.mjs')], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
