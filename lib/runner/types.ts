/**
 * What an experiment is: a declaration the runner executes. An experiment names a sweep of
 * points (e.g. λ values × model variants, each point with its own named parameters), builds
 * one {@link Trainable} per point, and states the bounds its results are measured against.
 * Adding an experiment is adding one file under lib/experiments/ that exports an
 * {@link Experiment} and one line in lib/experiments/registry.ts.
 */
import { requireFunction, requireObject, requireString } from '../validate.js';
import type { TopLevelSpec } from 'vega-lite';
import type { z } from 'zod';
import type { Rng } from '../rng.js';
import type { DeviceName, Tensor } from '../tensor.js';
import type { Results } from './resultsSchema.js';
import type { SeriesKind } from './sandwich.js';
import type { StreamPurpose } from './streams.js';

/** Settings are a flat zod object: every key can be overridden with `--set key=value`. */
export type SettingsSchema = z.ZodObject<z.ZodRawShape>;

/**
 * The parameters a point is trained or measured at, each under its own name: `lambda` (the
 * trade-off λ of loss = rate + λ·distortion, or as the experiment documents), `beta` (a fixed
 * multiplier), `target_distortion`, `rate` (a water-filling rate in bits), `candidates` (N), …
 * They name the point's files, head the report's columns and go into results.json as they are.
 */
export type PointParams = Readonly<Record<string, number>>;

/** One point of a sweep: a model trained (or a coder measured) at its parameters, in one series. */
export interface SweepPoint<P extends PointParams = PointParams> {
  /** The series (curve) the point belongs to, e.g. a model variant: `'ecvq'`, `'ntc'`. */
  series: string;
  /** The point's parameters, e.g. `{ lambda: 100 }` or `{ target_distortion: 0.35 }`. */
  params: P;
  /** Training steps for this point. */
  steps: number;
}

/** Training metrics read back from the device (every N steps, never every step). */
export interface TrainMetrics {
  /** The training objective. */
  loss: number;
  /** The model's rate estimate, bits per source sample. */
  rate: number;
  /** The distortion, in the experiment's convention. */
  distortion: number;
}

/** A value a trainable saves to continue exactly where it left off. */
export type StateValue = Tensor | number | bigint | string;
/** Everything a trainable needs to continue bit-identically: weights, optimizer moments and step counts, Rng positions. */
export type TrainableState = Record<string, StateValue>;

/** The measured outcome of a trained point, on held-out data. */
/** How a point's rate_bits was obtained (see {@link PointEvaluation.rate_kind}). */
export type RateKind = 'bitstream' | 'estimate' | 'slepian-wolf-estimate';

export interface PointEvaluation {
  /** Measured length of the real bitstream, bits per source sample (for estimators without a bitstream, the estimate). */
  rate_bits: number;
  /**
   * What rate_bits is when it is not a bitstream: 'estimate' (an estimator's own number) or
   * 'slepian-wolf-estimate' (a conditional entropy model's −E log2 q(U|Y), a Slepian–Wolf
   * rate no one-shot coder reaches). Absent: a measured bitstream.
   */
  rate_kind?: RateKind;
  /** The model's own rate estimate (cross-entropy), bits per source sample. */
  rate_estimate_bits: number;
  /** Distortion in the experiment's convention. */
  distortion: number;
  /** Further per-point values for results.json (e.g. NERD's β*); they never override the keys above. */
  details?: Record<string, number | boolean>;
}

/** A model file's content: named tensors and string metadata (e.g. the model's config). */
export interface ModelExport {
  tensors: Record<string, Tensor>;
  metadata?: Record<string, string>;
}

/**
 * A model being trained at one sweep point. The runner is a thin loop over it:
 * `step(i)` for i = start … steps−1, `metrics()` every N steps, `state()` at checkpoints,
 * `load()` on resume, then `evaluate()` and `model()` once.
 *
 * Contract for resumability: `step(i)` must depend only on the trainable's state and on
 * `i` — every random draw addressed by (seed, stream, counter) through `Rng` whose
 * `position` is part of `state()` (or derived from `i`) — so that `load(state())` followed
 * by `step(i)` … produces exactly what an uninterrupted run would.
 */
export interface Trainable {
  /** One optimisation step, `index` counting from 0. Must not read back from the device. */
  step(index: number): void;
  /** Reads back the current training metrics (the runner calls this every N steps). */
  metrics(): TrainMetrics;
  /** The full training state; tensors may be views of live parameters (the runner copies them out at once). */
  state(): TrainableState;
  /** Restores a state produced by {@link state}; tensors arrive on the CPU (use `copyFrom`). */
  load(state: TrainableState): void;
  /** Measures the trained model on held-out data: real bitstream length, estimate, distortion. */
  evaluate(): Promise<PointEvaluation>;
  /** The trained model to save as a safetensors model file. */
  model(): ModelExport;
  /** Figures of the trained model (e.g. the binning picture), drawn after {@link evaluate} as `figures/<point>-<name>.svg`/`.png`. */
  figures?(): Figure[];
}

/** What {@link Experiment.build} gets besides the point. */
export interface BuildContext<S> {
  /** The validated settings. */
  settings: S;
  /** The run's seed. */
  seed: number;
  /** Where tensors live. */
  device: DeviceName;
  /** The point's index in the full sweep (the same in a sharded run). */
  pointIndex: number;
  /** The seed of the point's model initialisation: {@link pointSeed}(seed, pointIndex). */
  modelSeed: number;
  /** A random stream for `purpose`, unique to this point (see {@link streamPurposes}). */
  rng(purpose: StreamPurpose): Rng;
  /** A random stream for `purpose` shared by every point of the run (e.g. the same held-out samples at every point). */
  sharedRng(purpose: StreamPurpose): Rng;
}

/** A bound: the limit curve the points are measured against. */
export interface Bound {
  /** e.g. `'R(D)'`, `'wyner-ziv'`, `'ecsq'`. */
  name: string;
  /** The curve, as (rate, distortion) pairs; the runner interpolates between them. */
  points: { rate_bits: number; distortion: number }[];
  /**
   * The curve in closed form, where interpolating `points` would be wrong (a non-convex
   * curve with corners, like the one-shot bounds): the runner's gaps use these instead.
   * Each returns null outside the range the bound covers.
   */
  exact?: { rate(distortion: number): number | null; distortion(rate: number): number | null };
}

/** A quantity on a plot axis. */
export type PlotField = 'rate_bits' | 'rate_estimate_bits' | 'distortion' | 'distortion_db';

/** One plot of the results: every series as a line with points, every bound as a dashed line. */
export interface PlotSpec {
  /** File stem: `<name>.svg`, `<name>.png`. */
  name: string;
  title?: string;
  x: PlotField;
  y: PlotField;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
}

/**
 * An extra figure: of a finished run ({@link Experiment.figures}, beside the rate–distortion
 * plots as `<name>.svg`/`.png`) or of one trained point ({@link Trainable.figures}).
 */
export interface Figure {
  /** File stem; must differ from the plots' names. */
  name: string;
  /** A Vega-Lite spec with its data inlined (rendered like the plots, without a browser). */
  spec: TopLevelSpec;
}

/** What {@link Experiment.figures} sees: the finished run, with each trained point's model file. */
export interface FinishedRun<S> {
  /** The run folder. */
  dir: string;
  settings: S;
  results: Results;
  /** One entry per point in results.json: its series, parameters and `models/<point>.safetensors` (load with `loadModel`). */
  models: { series: string; params: PointParams; path: string }[];
}

/**
 * An experiment: a named, documented sweep with presets, bounds and plots.
 * Write one with {@link defineExperiment} so that the settings type flows into `points`,
 * `build` and `bounds`.
 */
export interface Experiment<S extends SettingsSchema = SettingsSchema, P extends PointParams = PointParams> {
  /** What `rdlab run NAME` takes: lowercase words joined by '-'. */
  name: string;
  /** One line for `rdlab list`. */
  description: string;
  /**
   * The settings schema; `--set key=value` overrides are validated against it. It holds only
   * the keys this experiment reads: any other key is refused.
   */
  settings: S;
  /**
   * Settings an older rdlab wrote into run.json that this experiment never read (a schema was
   * once shared): dropped when such a run is resumed, refused in `--set`.
   */
  retiredSettings?: readonly string[];
  /** Settings renamed since an older rdlab (old name → new name): still accepted in `--set` and in resumed runs. */
  renamedSettings?: Readonly<Record<string, string>>;
  /** `quick`: minutes on a 2-core CPU; `medium` (optional): under half an hour there; `full`: the paper's settings. */
  presets: { quick: z.input<S>; medium?: z.input<S>; full: z.input<S> };
  /** How distortion is measured, as the paper defines it (goes into results.json). */
  distortion: string;
  /** The sweep, in the order results are reported. */
  points(settings: z.output<S>): SweepPoint<P>[];
  /** A fresh trainable for one point. */
  build(point: SweepPoint<P>, context: BuildContext<z.output<S>>): Trainable;
  /** The limits, first one primary: each point's gap is measured against it. */
  bounds(settings: z.output<S>): Bound[];
  /**
   * What some series are relative to R(D): 'lower' (a lower bound) or 'upper estimate' (an
   * estimate from above). Written into results.json; with both, report.md shows the sandwich's
   * width at each upper point (lib/runner/sandwich.ts).
   */
  seriesKinds?: Readonly<Record<string, SeriesKind>>;
  /** Plots to draw; default: distortion (dB) against rate. */
  plots?: PlotSpec[];
  /**
   * Extra figures drawn once every point is done (and again by `rdlab merge`), from the
   * results and the trained models, e.g. a learned transform; linked from report.md.
   */
  figures?(run: FinishedRun<z.output<S>>): Figure[] | Promise<Figure[]>;
}

/** Identity function that infers an experiment's settings and point-parameter types. */
export function defineExperiment<S extends SettingsSchema, P extends PointParams = PointParams>(experiment: Experiment<S, P>): Experiment<S, P> {
  requireObject('experiment', experiment);
  requireString('experiment.name', experiment.name);
  for (const key of ['points', 'build', 'bounds'] as const) requireFunction(`experiment.${key}`, experiment[key]);
  requireObject('experiment.presets', experiment.presets);
  return experiment;
}
