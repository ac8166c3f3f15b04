/**
 * The schema of `results.json`, the file other tools read. Its core keys are a contract
 * (see DESIGN.md: more keys may be added, none renamed); objects are loose so that adding a
 * key never breaks a reader that validates with an older schema.
 */
import { z } from 'zod';
import { PRESETS } from './presets.js';

const nullableNumber = z.number().nullable();

/** One trained point: its parameters, measured rate, estimate, distortion, and its gap to the primary bound. */
export const resultPointSchema = z.looseObject({
  /**
   * The point's parameters by name (`{"lambda": 100}`, `{"target_distortion": 0.35}`, …),
   * each also a key of the point itself. Absent in files written before they were recorded,
   * where `lambda` held the one parameter whatever it was.
   */
  params: z.record(z.string(), z.number()).optional(),
  /** The Lagrange multiplier the model was trained at: present when the point has one. */
  lambda: z.number().optional(),
  /** Measured bitstream length, bits per source sample. */
  rate_bits: z.number(),
  /** The model's own rate estimate, bits per source sample. */
  rate_estimate_bits: z.number(),
  /** 'bitstream' (also when absent), 'estimate', or 'slepian-wolf-estimate': what rate_bits measures. */
  rate_kind: z.enum(['bitstream', 'estimate', 'slepian-wolf-estimate']).optional(),
  distortion: z.number(),
  /** 10 log10(distortion); null when distortion is 0. */
  distortion_db: nullableNumber,
  /** Name of the bound the gap is measured against (the experiment's first), null if none. */
  bound: z.string().nullable(),
  /** The bound's rate at this point's distortion. */
  bound_rate_bits: nullableNumber,
  /** The bound's distortion at this point's rate. */
  bound_distortion: nullableNumber,
  /** rate_bits − bound_rate_bits: bits above the bound at equal distortion. */
  gap_bits: nullableNumber,
  /** distortion_db − bound distortion in dB at equal rate. */
  gap_db: nullableNumber,
  /** The gaps to every bound of the experiment, the first included (absent in files written before they were added). */
  bound_gaps: z.array(z.looseObject({
    bound: z.string(), bound_rate_bits: nullableNumber, bound_distortion: nullableNumber, gap_bits: nullableNumber, gap_db: nullableNumber,
  })).optional(),
  /** Position in the full sweep (stable across shards). */
  index: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  /** Seconds spent training and evaluating this point. */
  wall_s: z.number().nonnegative(),
});

export const boundSchema = z.looseObject({
  name: z.string(),
  points: z.array(z.looseObject({ rate_bits: z.number(), distortion: z.number() })),
});

export const resultsSchema = z.looseObject({
  experiment: z.string(),
  /** rdlab's version. */
  rdlab: z.string(),
  /** The device tensors lived on: 'cpu' or 'cuda:N'. */
  device: z.string(),
  seed: z.number().int(),
  /** The distortion convention, in words. */
  distortion: z.string(),
  /** `kind`, when present: what the series is relative to R(D), 'lower' (a lower bound) or 'upper estimate'. */
  series: z.array(z.looseObject({ name: z.string(), kind: z.enum(['lower', 'upper estimate']).optional(), points: z.array(resultPointSchema) })),
  bounds: z.array(boundSchema),
  /** 'quick', 'medium' or 'full': the preset the settings started from. */
  preset: z.enum(PRESETS),
  /** The validated settings. */
  settings: z.record(z.string(), z.unknown()),
  /** What computed it: CPU kernel ISA, threads, CUDA device. */
  backend: z.looseObject({ cpuIsa: z.string(), threads: z.number().int(), cudaDevice: z.string().nullable() }),
  /** Seconds of training and evaluation, summed over points (and over resumed sessions). */
  wall_time_s: z.number().nonnegative(),
  /** Present on one shard's results: which share of the sweep it holds. */
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
});

/** The content of results.json. */
export type Results = z.infer<typeof resultsSchema>;
/** One point in results.json. */
export type ResultPoint = z.infer<typeof resultPointSchema>;
