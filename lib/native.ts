/**
 * The one place that loads the native binding. node-gyp-build picks `build/Release`
 * (a source build) before `prebuilds/<platform>-<arch>` (the binary shipped in the npm
 * tarball); when neither loads, the error says how to build from source.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Binding } from '../binding.js';

export type * from '../binding.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function load(): Binding {
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => Binding;
    return nodeGypBuild(packageRoot);
  } catch (cause) {
    const target = `${process.platform}-${process.arch} (node ${process.versions.node}, N-API ${process.versions.napi})`;
    throw new Error(
      `rdlab: no native binary for ${target}.\n` +
        `  The npm package ships prebuilt binaries for linux-x64; for other platforms build from source:\n` +
        `    cd ${packageRoot} && npx cmake-js compile          # needs a C++17 compiler and CMake >= 3.18\n` +
        `  or approve rdlab's install script, which builds it, and rerun it:\n` +
        `    npm install-scripts approve rdlab && npm rebuild rdlab\n` +
        `  Cause: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** The loaded binding; throws (once, with build instructions) on first use if absent. */
export const native: Binding = load();
