/** Learning-rate schedules of the training loops. */
import { requireInteger, requireNonNegative, requirePositive } from '../validate.js';

/**
 * A step decay: `lr` for the first (1 − decayFraction) of `steps`, then lr / 10 to the end
 * (the schedule of the NTC, Wyner–Ziv and NERD papers' training).
 */
export function stepDecay(lr: number, steps: number, decayFraction: number): (step: number) => number {
  requirePositive('lr', lr);
  requireInteger('steps', steps, 0);
  if (requireNonNegative('decayFraction', decayFraction) > 1) throw new RangeError(`decayFraction: expected a number in [0, 1], got ${decayFraction}`);
  const decayAt = Math.floor(steps * (1 - decayFraction));
  return (step) => (step >= decayAt ? lr / 10 : lr);
}
