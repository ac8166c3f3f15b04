/**
 * The state/load pair of a {@link Trainable} whose model checkpoints itself and whose
 * batches and noise come from Philox streams: the stream positions travel in the same
 * checkpoint, so a resumed run draws exactly what an uninterrupted one would.
 */
import type { Rng } from '../rng.js';
import type { Trainable, TrainableState } from './types.js';

export interface Checkpointable {
  state(): TrainableState;
  load(state: TrainableState): void;
}

export function resumable(model: Checkpointable, streams: Record<string, Rng>): Pick<Trainable, 'state' | 'load'> {
  const entries = Object.entries(streams);
  return {
    state: () => ({ ...model.state(), ...Object.fromEntries(entries.map(([name, rng]) => [`rng.${name}`, rng.position])) }),
    load(state) {
      model.load(state);
      for (const [name, rng] of entries) {
        const p = state[`rng.${name}`];
        if (typeof p !== 'bigint') throw new RangeError(`checkpoint: missing the position of stream '${name}'`);
        rng.position = p;
      }
    },
  };
}
