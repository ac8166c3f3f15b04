#!/usr/bin/env node
// Makes prebuilds/<platform>-<arch>/ with prebuildify (N-API, stripped). prebuildify drives
// node-gyp; its --node-gyp option points at prebuild-gyp.mjs, which builds with cmake-js
// instead. The CUDA backend is always built (RDLAB_CUDA=ON unless set otherwise), so that the
// tarball carries it for users with a GPU; its library is copied beside the addon, which
// dlopens it from its own directory.
import { copyFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const prebuildify = require.resolve('prebuildify/bin.js');
const shim = path.join(root, 'scripts', 'prebuild-gyp.mjs');

const env = { ...process.env, RDLAB_CUDA: process.env.RDLAB_CUDA ?? 'ON' };
const r = spawnSync(process.execPath, [prebuildify, '--napi', '--strip', '--node-gyp', shim], { cwd: root, stdio: 'inherit', env });
if (r.status !== 0) process.exit(r.status ?? 1);
const cudaLib = path.join(root, 'build', 'Release', 'librdlab_cuda.so');
if (existsSync(cudaLib)) {
  const dest = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'librdlab_cuda.so');
  copyFileSync(cudaLib, dest);
  spawnSync('strip', ['--strip-unneeded', dest], { stdio: 'inherit' });
}
console.log(`rdlab: prebuilt binary in prebuilds/${process.platform}-${process.arch}/`);
