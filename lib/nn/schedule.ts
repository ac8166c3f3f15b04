/** Learning-rate schedules of the training loops. */

/**
 * A step decay: `lr` for the first (1 − decayFraction) of `steps`, then lr / 10 to the end
 * (the schedule of the NTC, Wyner–Ziv and NERD papers' training).
 */
export function stepDecay(lr: number, steps: number, decayFraction: number): (step: number) => number {
  const decayAt = Math.floor(steps * (1 - decayFraction));
  return (step) => (step >= decayAt ? lr / 10 : lr);
}
