#!/usr/bin/env node
// `pretest` hook: makes `npm test` work as the very first command after a clone by
// installing dependencies, building the addon and compiling TypeScript when missing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(path.join(root, 'node_modules', 'uvu'))) {
  console.log('rdlab: installing dependencies (npm install)');
  run(npm, ['install', '--no-audit', '--no-fund']);
}
const addon = path.join(root, 'build', 'Release', 'rdlab.node');
if (!existsSync(addon) || newest(path.join(root, 'native')) > statSync(addon).mtimeMs) {
  run(process.execPath, [path.join(root, 'scripts', 'build-native.mjs')]);
}
run(npm, ['run', '--silent', 'build:ts']);
