/**
 * The trainer of one NTC point, whatever the source and whatever the transforms (MLP or
 * ConvNet): Adam steps of R + λD on fresh batches of the source (learning rate ÷10 for the
 * last `decayFraction` of the steps), the test-time calibration, and an evaluation on held-out
 * samples with hard quantization and a real rANS bitstream (the rate is its length). The NTC
 * experiments, rcc-gaussian's `dnn` series and {@link trainNtcCompressor} all train with it.
 */
import type { Ntc } from '../models/ntc.js';
import type { Rng } from '../rng.js';
import { stepDecay } from '../nn/schedule.js';
import { resumable } from '../runner/resumable.js';
import { streamPurposes } from '../runner/streams.js';
import type { PointEvaluation, Trainable } from '../runner/types.js';
import type { Source, SourceBatch } from '../sources/types.js';
import type { DeviceName, Tensor } from '../tensor.js';
import { calibrateNtc, type CalibrationSettings } from './ntcCalibration.js';

/** The random streams of an NTC point: training batches and noise, held-out data, the calibration's samples and batches. */
export const NTC_STREAMS = streamPurposes({ data: 0, noise: 1, heldOut: 2, calibration: 3, decoderData: 4 });

/** What the training loop reads: batch size, learning rate and its decay, and the calibration. */
export interface NtcTrainingSettings extends CalibrationSettings {
  batch: number;
  lr: number;
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: number;
}

export interface NtcTrainableOptions {
  model: Ntc;
  /** Where training batches (and the calibration's samples) come from. */
  source: Source;
  settings: NtcTrainingSettings;
  /** Training steps (the learning-rate schedule's length). */
  steps: number;
  device: DeviceName;
  /** A random stream for each of {@link NTC_STREAMS} but the held-out one. */
  streams: { data: Rng; noise: Rng; calibration: Rng; decoderData: Rng };
  /** The held-out samples the evaluation codes (drawn when evaluate() runs). */
  heldOut(): Tensor;
}

/**
 * An NTC point as a {@link Trainable}: resumable from the model's parameters, Adam moments
 * and the stream positions; evaluate() calibrates (offsets, optional soft-then-hard steps,
 * the output-layer refit) and measures the held-out bitstream. The fitted offsets are the
 * evaluation's `details.quant_offset_<c>`.
 */
export function ntcTrainable(o: NtcTrainableOptions): Trainable {
  const { model, source, settings: s, device: dev } = o, { data, noise } = o.streams;
  const lr = stepDecay(s.lr, o.steps, s.decayFraction);
  let batch: SourceBatch | undefined; // refilled every step (Source.sample's `into`)
  return {
    step(index) {
      batch = source.sample(s.batch, data, dev, batch);
      model.step(batch.x, noise, lr(index));
    },
    metrics: () => model.metrics(),
    ...resumable(model, { data, noise }),
    async evaluate(): Promise<PointEvaluation> {
      const { calibration, decoderData } = o.streams;
      let decoderBatch: SourceBatch | undefined;
      const offsets = calibrateNtc(model, s, {
        calibration: (n) => source.sample(n, calibration, dev),
        decoderBatch: () => (decoderBatch = source.sample(s.batch, decoderData, dev, decoderBatch)),
      });
      return { ...model.evaluate(o.heldOut()), ...(offsets ? { details: Object.fromEntries(Array.from(offsets, (m, c) => [`quant_offset_${c}`, m])) } : {}) };
    },
    model: () => model.modelTensors(),
  };
}
