import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as rdlab from '../lib/index.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the entry exports what a user needs', () => {
  const needed = [
    'tensor', 'Rng', 'resolveDevice', 'defaultDevice', 'cudaSelfCheck', 'info', 'VERSION',
    'Ntc', 'Nerd', 'estimateRD', 'Ecvq', 'Concrete', 'GaussianRcc', 'loadModel', 'loadNtcModel', 'loadNerdModel',
    'Mlp', 'Adam', 'DeepFactorizedEntropyModel', 'ContinuousEntropyModel',
    'encodeRdc', 'decodeRdc', 'encodeCategorical', 'decodeCategorical', 'encodeDiscretized', 'decodeDiscretized',
    'encodeZipfIndices', 'encodeExpGolomb', 'readSafetensors', 'readNpy', 'writeNpy',
    'gaussian', 'sawbridge', 'xEqualsYPlusNoise', 'gaussianRateDistortion', 'wynerZivRateDistortion',
    'runExperiment', 'resumeRun', 'registerExperiment', 'defineExperiment', 'mergeRuns', 'resultsSchema',
  ];
  for (const name of needed) assert.ok(name in rdlab, `rdlab should export ${name}`);
});

test('the entry exports no internals', () => {
  const internal = [
    'mlpSpec', 'mlpParamCount', 'checkFourierConfig', 'adamState', 'loadAdamState', 'deepFactorizedParamCount',
    'gapToBound', 'resolveSettings', 'parseOverrides', 'parseShard', 'ntcModelTensors', 'readNtcParams', 'native',
  ];
  for (const name of internal) assert.not.ok(name in rdlab, `rdlab should not export ${name}`);
});

test('subpaths rdlab/models, nn, coding, sources, bounds hold the entry\'s own objects', async () => {
  const areas: Record<string, string[]> = {
    models: ['Ntc', 'loadModel', 'estimateRD'], nn: ['Mlp', 'ContinuousEntropyModel'], coding: ['encodeRdc', 'decodeDiscretized'],
    sources: ['gaussian', 'npyPairs'], bounds: ['gaussianRateDistortion', 'blahutArimoto'],
  };
  for (const [area, names] of Object.entries(areas)) {
    const sub = (await import(`rdlab/${area}`)) as Record<string, unknown>;
    for (const name of names) assert.is(sub[name], (rdlab as Record<string, unknown>)[name], `rdlab/${area} ${name}`);
  }
});

function nodeCjs(code: string) {
  return spawnSync(process.execPath, ['-e', code], { cwd: packageRoot, encoding: 'utf8' });
}

test("require('rdlab') loads the ES module where node can, or says to use import()", () => {
  const r = nodeCjs("const r = require('rdlab'); console.log(typeof r.loadModel, typeof r.runExperiment)");
  if (process.features.require_module) {
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout.trim(), 'function function');
  } else {
    assert.match(r.stderr, /rdlab is an ES module and require\('rdlab'\) cannot load it on node/);
    assert.match(r.stderr, /const rdlab = await import\('rdlab'\)/);
  }
});

test("a user's CommonJS file (its own project, rdlab in its node_modules) require()s rdlab", () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'rdlab-cjs-'));
  mkdirSync(path.join(project, 'node_modules'));
  symlinkSync(packageRoot, path.join(project, 'node_modules', 'rdlab'), 'dir');
  writeFileSync(path.join(project, 'main.cjs'), "const { tensor, item } = require('rdlab');\nconsole.log(String(item(tensor([2.5]))));\n");
  const r = spawnSync(process.execPath, [path.join(project, 'main.cjs')], { cwd: project, encoding: 'utf8' });
  if (process.features.require_module) {
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout.trim(), '2.5');
  } else assert.match(r.stderr, /const rdlab = await import\('rdlab'\)/);
});

test("require() of a subpath gives the library where node can require ES modules", () => {
  if (!process.features.require_module) return;
  const r = nodeCjs("const c = require('rdlab/coding'), m = require('rdlab/models'); console.log(typeof c.encodeRdc, typeof m.loadModel)");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'function function');
});

test.run();
