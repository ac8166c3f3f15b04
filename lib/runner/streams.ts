/**
 * Seeds and random streams of a run's points. Every random draw is addressed by (seed,
 * stream, counter) through {@link Rng}; a point's draws come from streams named for their
 * purpose (training data, noise, held-out data, …) so that no two purposes share one.
 *
 * A purpose's number is part of the experiment's reproducibility: renumbering changes results.
 */
import { requireObject } from '../validate.js';
import { Rng } from '../rng.js';

export { pointSeed } from '../rng.js';

/** What a random stream is used for, and the number that addresses it. */
export interface StreamPurpose {
  readonly name: string;
  readonly id: number;
}

/** Purpose numbers stay below this: a point's stream is (point index + 1) · 2^20 + purpose. */
const PURPOSES_PER_POINT = 1 << 20;

/**
 * The named purposes of an experiment's streams, e.g. `streamPurposes({ data: 0, noise: 1 })`;
 * numbers must be distinct integers in [0, 2^20).
 */
export function streamPurposes<const N extends string>(ids: Record<N, number>): { readonly [K in N]: StreamPurpose } {
  requireObject('ids', ids);
  const seen = new Map<number, string>();
  const out = {} as Record<N, StreamPurpose>;
  for (const [name, id] of Object.entries(ids) as [N, number][]) {
    if (!Number.isInteger(id) || id < 0 || id >= PURPOSES_PER_POINT) throw new RangeError(`stream purpose '${name}': expected an integer in [0, 2^20), got ${id}`);
    const twin = seen.get(id);
    if (twin !== undefined) throw new RangeError(`stream purposes '${twin}' and '${name}' share the number ${id}`);
    seen.set(id, name);
    out[name] = { name, id };
  }
  return out;
}

/** The stream for `purpose` of the point at `pointIndex`, or the run-wide one when `pointIndex` is null. */
export function purposeRng(seed: number, purpose: StreamPurpose, pointIndex: number | null = null): Rng {
  const stream = pointIndex === null ? BigInt(purpose.id) : (BigInt(pointIndex + 1) << 20n) | BigInt(purpose.id);
  return new Rng(seed, stream);
}
