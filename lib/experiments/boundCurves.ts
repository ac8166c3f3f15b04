/** Bound curves as the experiments declare them: a distortion-rate function on a rate grid, a one-shot curve. */
import type { OneShotBound } from '../bounds/index.js';
import type { Bound } from '../runner/types.js';

/** The bound `name`: (r, d(r)) at `count` equally spaced rates r from 0 to `maxRate` bits. */
export function distortionRateCurve(name: string, maxRate: number, d: (rateBits: number) => number, count = 81): Bound {
  const points = Array.from({ length: count }, (_, i) => (i / (count - 1)) * maxRate).map((r) => ({ rate_bits: r, distortion: d(r) }));
  return { name, points };
}

/** A one-shot curve up to `maxRate` bits: 20 grid points per bit to draw, exact values for the gaps. */
export function oneShotCurve(name: string, bound: OneShotBound, maxRate: number): Bound {
  return {
    name,
    points: bound.curve({ maxRate, points: 20 * maxRate + 1 }),
    exact: { rate: (d) => bound.rate(d, maxRate), distortion: (r) => (r <= maxRate ? bound.distortion(r) : null) },
  };
}
