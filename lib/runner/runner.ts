/**
 * The runner: trains one model per sweep point, sequentially, and writes the run folder.
 *
 * ```
 * DIR/run.json                    what was asked: experiment, preset, settings, seed, device, shard
 * DIR/lock                        the pid of the process training into the folder, while it runs
 * DIR/checkpoints/<point>.safetensors   the point being trained (every N steps, and on abort)
 * DIR/points/<point>.json         each finished point's measurements
 * DIR/logs/<point>.jsonl          each point's training curve (metrics every `metricsEvery` steps)
 * DIR/models/<point>.safetensors  each trained model
 * DIR/results.json, <plot>.svg, <plot>.png, report.md    once every point is done
 * ```
 *
 * A run stopped at any moment continues with {@link resumeRun}: finished points are kept,
 * the interrupted one restarts from its checkpoint, and the results equal those of an
 * uninterrupted run with the same seed (see the {@link Trainable} contract). One process at a
 * time trains into a folder (see lock.ts). A run that fails before any point is finished or
 * checkpointed (a bad setting found while training) leaves no folder behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { resolveDevice, type DeviceName } from '../device.js';
import { VERSION } from '../version.js';
import { optionalObject, requireFunction, requireInteger, requireObject, requireOneOf, requireString } from '../validate.js';
import { encodeSafetensors } from '../coding/safetensors.js';
import { writeFileAtomic } from '../coding/atomicFile.js';
import { hostTensors, loadState, saveState } from './checkpoint.js';
import { gapToBound, toDb } from './gap.js';
import { experimentFigures } from './figures.js';
import { writeOutputs } from './outputs.js';
import { openTrainingLog } from './trainingLog.js';
import { lockRunFolder } from './lock.js';
import { pointId } from './pointId.js';
import { renderPlot } from './plot.js';
import { getExperiment } from '../experiments/registry.js';
import { backendInfo, seriesFromPoints, type PointRecord } from './results.js';
import { resultPointSchema, type Results } from './resultsSchema.js';
import { PRESETS, resolveSettings, type Preset } from './settings.js';
import { inShard, type Shard } from './shard.js';
import { pointSeed, purposeRng } from './streams.js';
import type { Experiment, SweepPoint, TrainMetrics } from './types.js';

/** What the runner reports while it works. */
export type ProgressEvent =
  | { kind: 'point-start'; point: SweepPoint; id: string; ordinal: number; count: number; step: number }
  | { kind: 'metrics'; point: SweepPoint; id: string; step: number; steps: number; metrics: TrainMetrics; stepsPerSecond: number }
  | { kind: 'point-done'; point: SweepPoint; id: string; result: PointRecord['point']; skipped: boolean };

/** How the training loop reports and checkpoints. */
export interface LoopOptions {
  /** Called with progress events (synchronously, from the training loop). */
  onProgress?: (event: ProgressEvent) => void;
  /** Aborting checkpoints the current point and rejects with {@link RunInterrupted}. */
  signal?: AbortSignal;
  /** Read metrics back every this many steps (default 100). */
  metricsEvery?: number;
  /** Checkpoint every this many steps (default 1000). */
  checkpointEvery?: number;
}

/** Options of {@link runExperiment}. */
export interface RunOptions extends LoopOptions {
  /** Settings preset (default 'full', the paper's settings; 'quick' runs in minutes on a CPU, 'medium' where an experiment has one in under half an hour). */
  preset?: Preset;
  /** Setting overrides: typed values, or raw strings from `--set key=value`. */
  overrides?: Record<string, unknown>;
  /** The seed every random draw is addressed from (default 1). */
  seed?: number;
  /** 'cpu', 'cuda', 'cuda:N' or 'auto' (default): a GPU when one is usable. */
  device?: string;
  /** The run folder (default `runs/NAME-<timestamp>`); must not exist yet or be empty. */
  out?: string;
  /** Run only this share of the sweep points. */
  shard?: Shard;
}

/** A finished run: its folder and its results.json. */
export interface RunResult {
  dir: string;
  results: Results;
}

/** Thrown when the signal aborts a run; the run folder can be resumed. */
export class RunInterrupted extends Error {
  constructor(readonly dir: string, readonly point: string, readonly step: number) {
    super(`interrupted at step ${step} of point ${point}; continue with: rdlab run --resume ${dir}`);
    this.name = 'RunInterrupted';
  }
}

const manifestSchema = z.object({
  experiment: z.string(),
  rdlab: z.string(),
  preset: z.enum(PRESETS),
  settings: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  device: z.string(),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
});
type Manifest = z.infer<typeof manifestSchema>;

export { resolveDevice } from '../device.js';


/**
 * Runs experiment `name` into a new run folder and returns its results. Settings are the
 * preset with `overrides` applied, validated against the experiment's schema.
 */
/** `options` of {@link resumeRun} (or of {@link runExperiment}, under `name`), checked field by field. */
function checkLoopOptions(name: string, value: LoopOptions | undefined): LoopOptions {
  const options = optionalObject(name, value);
  if (options.onProgress !== undefined) requireFunction(`${name}.onProgress`, options.onProgress);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new TypeError(`${name}.signal: expected an AbortSignal`);
  if (options.metricsEvery !== undefined) requireInteger(`${name}.metricsEvery`, options.metricsEvery, 1);
  if (options.checkpointEvery !== undefined) requireInteger(`${name}.checkpointEvery`, options.checkpointEvery, 1);
  return options;
}

export async function runExperiment(name: string, options: RunOptions = {}): Promise<RunResult> {
  const experiment = getExperiment(requireString('experiment', name));
  checkLoopOptions('options', options);
  if (options.overrides !== undefined) requireObject('options.overrides', options.overrides);
  if (options.out !== undefined) requireString('options.out', options.out);
  if (options.device !== undefined) requireString('options.device', options.device);
  if (options.seed !== undefined) requireInteger('options.seed', options.seed, 0);
  if (options.preset !== undefined) requireOneOf('options.preset', options.preset, PRESETS);
  const preset = options.preset ?? 'full';
  const manifest: Manifest = {
    experiment: name,
    rdlab: VERSION,
    preset,
    settings: resolveSettings(experiment, preset, options.overrides),
    seed: options.seed ?? 1,
    device: resolveDevice(options.device ?? 'auto'),
    ...(options.shard ? { shard: options.shard } : {}),
  };
  experiment.points(manifest.settings); // a sweep the settings cannot make fails here, before any folder exists
  const dir = options.out ?? path.join('runs', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  if (existsSync(path.join(dir, 'run.json'))) throw new Error(`${dir} already holds a run; continue it with --resume or choose another --out`);
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const lock = lockRunFolder(dir);
  try {
    writeFileAtomic(path.join(dir, 'run.json'), JSON.stringify(manifest, null, 2) + '\n');
    return await execute(experiment, manifest, dir, options);
  } catch (e) {
    if (!(e instanceof RunInterrupted) && !holdsWork(dir)) removeRunFiles(dir, created, before);
    throw e;
  } finally {
    lock.release();
  }
}

/** Whether a run folder holds anything a resume could continue from: a finished point or a checkpoint. */
function holdsWork(dir: string): boolean {
  return ['points', 'checkpoints'].some((sub) => existsSync(path.join(dir, sub)) && readdirSync(path.join(dir, sub)).length > 0);
}

/** Removes what a failed run put into `dir`: the folder itself if the run created it, else the entries it added. */
function removeRunFiles(dir: string, created: boolean, before: Set<string>): void {
  if (created) return rmSync(dir, { recursive: true, force: true });
  for (const entry of readdirSync(dir)) if (!before.has(entry) && entry !== 'lock') rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/** Continues the run in `dir` with the settings, seed, device and shard it was started with. */
export async function resumeRun(dir: string, options: LoopOptions = {}): Promise<RunResult> {
  requireString('dir', dir);
  checkLoopOptions('options', options);
  const file = path.join(dir, 'run.json');
  if (!existsSync(file)) throw new Error(`--resume ${dir}: no run.json there; is it a run folder?`);
  const lock = lockRunFolder(dir);
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not a valid run manifest: ${parsed.error.message}`);
    const experiment = getExperiment(parsed.data.experiment);
    // re-validate: the settings were written by this or an older rdlab
    const manifest = { ...parsed.data, settings: resolveSettings(experiment, parsed.data.preset, parsed.data.settings, 'resumed') };
    checkPointFiles(experiment, manifest, dir);
    return await execute(experiment, manifest, dir, options);
  } finally {
    lock.release();
  }
}

/**
 * Refuses a folder holding point or checkpoint files of points this sweep does not have
 * (written by an rdlab that named points differently, or with other settings): resuming
 * would train those points again under new names.
 */
function checkPointFiles(experiment: Experiment, manifest: Manifest, dir: string): void {
  const ids = new Set(experiment.points(manifest.settings).map((point, index) => pointId(point, index)));
  for (const [sub, ext] of [['points', '.json'], ['checkpoints', '.safetensors']] as const) {
    const folder = path.join(dir, sub);
    if (!existsSync(folder)) continue;
    const stranger = readdirSync(folder).find((f) => f.endsWith(ext) && !ids.has(f.slice(0, -ext.length)));
    if (stranger)
      throw new Error(
        `--resume ${dir}: ${sub}/${stranger} is not a point of this sweep (written by an rdlab that named points differently: ` +
          `before points were named by their own parameters, nerd and rcc points were named by 'lambda'); start a new run`,
      );
  }
}

async function execute(experiment: Experiment, manifest: Manifest, dir: string, options: LoopOptions): Promise<RunResult> {
  for (const sub of ['checkpoints', 'points', 'models', 'figures', 'logs']) mkdirSync(path.join(dir, sub), { recursive: true });
  const sweep = experiment.points(manifest.settings);
  const mine = sweep.map((point, index) => ({ point, index })).filter(({ index }) => inShard(index, manifest.shard));
  const bounds = experiment.bounds(manifest.settings);
  const records: PointRecord[] = [];
  for (const [ordinal, { point, index }] of mine.entries()) {
    const id = pointId(point, index);
    const file = path.join(dir, 'points', `${id}.json`);
    if (existsSync(file)) {
      const result = resultPointSchema.parse((JSON.parse(readFileSync(file, 'utf8')) as { point: unknown }).point);
      options.onProgress?.({ kind: 'point-done', point, id, result, skipped: true });
      records.push({ series: point.series, point: result });
      continue;
    }
    if (options.signal?.aborted) throw new RunInterrupted(dir, id, 0);
    options.onProgress?.({ kind: 'point-start', point, id, ordinal, count: mine.length, step: 0 });
    const { evaluation, wall_s } = await trainPoint(experiment, manifest, dir, point, index, id, options);
    const gaps = bounds.map((b) => gapToBound(b, evaluation.rate_bits, evaluation.distortion));
    const gap = gaps[0] ?? null;
    const result = resultPointSchema.parse({
      ...point.params,
      ...evaluation.details,
      params: point.params,
      rate_bits: evaluation.rate_bits,
      rate_estimate_bits: evaluation.rate_estimate_bits,
      ...(evaluation.rate_kind ? { rate_kind: evaluation.rate_kind } : {}),
      distortion: evaluation.distortion,
      distortion_db: toDb(evaluation.distortion),
      bound: gap?.bound ?? null,
      bound_rate_bits: gap?.bound_rate_bits ?? null,
      bound_distortion: gap?.bound_distortion ?? null,
      gap_bits: gap?.gap_bits ?? null,
      gap_db: gap?.gap_db ?? null,
      bound_gaps: gaps,
      index,
      steps: point.steps,
      wall_s,
    });
    writeFileAtomic(file, JSON.stringify({ series: point.series, point: result }, null, 2) + '\n');
    rmSync(path.join(dir, 'checkpoints', `${id}.safetensors`), { force: true });
    options.onProgress?.({ kind: 'point-done', point, id, result, skipped: false });
    records.push({ series: point.series, point: result });
  }
  const results: Results = {
    experiment: experiment.name,
    rdlab: manifest.rdlab,
    device: manifest.device as DeviceName,
    seed: manifest.seed,
    distortion: experiment.distortion,
    series: seriesFromPoints(records, experiment.seriesKinds),
    bounds: bounds.map((b) => ({ name: b.name, points: b.points.map((p) => ({ rate_bits: p.rate_bits, distortion: p.distortion })) })),
    preset: manifest.preset,
    settings: manifest.settings,
    backend: backendInfo(manifest.device),
    wall_time_s: records.reduce((t, r) => t + r.point.wall_s, 0),
    ...(manifest.shard ? { shard: manifest.shard } : {}),
  };
  await writeOutputs(dir, results, experiment.plots, await experimentFigures(experiment, dir, results));
  return { dir, results };
}

/** Trains one point from its checkpoint (if any) to the end, then evaluates it and saves the model. */
async function trainPoint(experiment: Experiment, manifest: Manifest, dir: string, point: SweepPoint, index: number, id: string, options: LoopOptions) {
  const metricsEvery = options.metricsEvery ?? 100, checkpointEvery = options.checkpointEvery ?? 1000;
  const trainable = experiment.build(point, {
    settings: manifest.settings,
    seed: manifest.seed,
    device: manifest.device as DeviceName,
    pointIndex: index,
    modelSeed: pointSeed(manifest.seed, index),
    rng: (purpose) => purposeRng(manifest.seed, purpose, index),
    sharedRng: (purpose) => purposeRng(manifest.seed, purpose),
  });
  const checkpoint = path.join(dir, 'checkpoints', `${id}.safetensors`);
  let step = 0, wallBefore = 0;
  if (existsSync(checkpoint)) {
    const { state, metadata } = loadState(checkpoint);
    if (metadata['rdlab.point'] !== id) throw new Error(`${checkpoint}: holds point '${metadata['rdlab.point']}', expected '${id}'`);
    trainable.load(state);
    step = Number(metadata['rdlab.step']);
    wallBefore = Number(metadata['rdlab.wall_s']);
  }
  const log = openTrainingLog(dir, id, step);
  const started = performance.now();
  const elapsed = () => wallBefore + (performance.now() - started) / 1000;
  const save = (at: number) =>
    saveState(checkpoint, trainable.state(), { 'rdlab.point': id, 'rdlab.step': String(at), 'rdlab.wall_s': String(elapsed()), 'rdlab.experiment': experiment.name });
  let lastYield = performance.now(), mark = { step, time: performance.now() };
  while (step < point.steps) {
    trainable.step(step);
    step += 1;
    if (step % metricsEvery === 0 || step === point.steps) {
      const now = performance.now();
      const stepsPerSecond = ((step - mark.step) * 1000) / Math.max(now - mark.time, 1e-3);
      mark = { step, time: now };
      const metrics = trainable.metrics();
      log.append(step, elapsed(), metrics);
      options.onProgress?.({ kind: 'metrics', point, id, step, steps: point.steps, metrics, stepsPerSecond });
    }
    if (step % checkpointEvery === 0 && step < point.steps) save(step);
    // let signals and the abort reach us; step() is synchronous
    if (performance.now() - lastYield > 50) {
      await yieldToEventLoop();
      lastYield = performance.now();
      if (options.signal?.aborted) {
        save(step);
        throw new RunInterrupted(dir, id, step);
      }
    }
  }
  const evaluation = await trainable.evaluate();
  for (const figure of trainable.figures?.() ?? []) {
    const { svg, png } = await renderPlot(figure.spec);
    writeFileAtomic(path.join(dir, 'figures', `${id}-${figure.name}.svg`), svg);
    writeFileAtomic(path.join(dir, 'figures', `${id}-${figure.name}.png`), png);
  }
  const model = trainable.model();
  const metadata = {
    ...model.metadata,
    'rdlab.version': manifest.rdlab,
    'rdlab.experiment': experiment.name,
    'rdlab.series': point.series,
    ...(point.params.lambda !== undefined ? { 'rdlab.lambda': String(point.params.lambda) } : {}),
    'rdlab.params': JSON.stringify(point.params),
    'rdlab.settings': JSON.stringify(manifest.settings),
    'rdlab.seed': String(manifest.seed),
  };
  writeFileAtomic(path.join(dir, 'models', `${id}.safetensors`), encodeSafetensors({ tensors: hostTensors(model.tensors), metadata }));
  return { evaluation, wall_s: elapsed() };
}
