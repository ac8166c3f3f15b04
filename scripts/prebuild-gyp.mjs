#!/usr/bin/env node
// Stands in for node-gyp when prebuildify calls `node-gyp rebuild --target=... --arch=...`:
// builds the same addon with cmake-js (the N-API build needs no Node headers download).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-native.mjs')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
