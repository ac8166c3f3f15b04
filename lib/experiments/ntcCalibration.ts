/**
 * The test-time calibration of an NTC model (point-to-point or with decoder side information),
 * after training and before the held-out evaluation (docs/ntc.md, "Test-time calibration"):
 * fit the quantizer's offsets, optionally train the decoder alone on hard-quantized latents
 * ("soft then hard"), then refit the decoder's output layer to the hard-quantized latents.
 */
import { z } from 'zod';
import type { Ntc } from '../models/ntc.js';
import { MAX_SAMPLES } from '../sources/types.js';
import type { Tensor } from '../tensor.js';

/** The calibration's settings, spread into the schema of each experiment with an NTC series. */
export const calibrationSettings = {
  /** Samples of a training stream (never the held-out one) the offsets and the refit are fitted on; 0 skips both. */
  calibrationSamples: z.number().int().min(0).max(MAX_SAMPLES).default(20_000),
  /** Fit the offsets m of ŷ = round(y − m) + m (Ntc.fitOffsets); otherwise ŷ = round(y). */
  fitOffsets: z.boolean().default(true),
  /** Solve the decoder's output layer by least squares on the hard-quantized latents (Ntc.refitDecoder). */
  refitDecoder: z.boolean().default(true),
  /**
   * Between the offsets and the refit: Adam steps of the decoder alone on the hard-quantized
   * latents of fresh training batches (Ntc.hardDecoderStep), at `hardDecoderLr`. 0 skips them:
   * they helped a sawbridge model and hurt a ramp one (docs/ntc.md), so they are opt-in.
   */
  hardDecoderSteps: z.number().int().min(0).default(0),
  hardDecoderLr: z.number().positive().default(1e-3),
};

export type CalibrationSettings = { [K in keyof typeof calibrationSettings]: z.output<(typeof calibrationSettings)[K]> };

/** Source samples, with the decoder's side information where the model has some. */
export interface NtcBatch {
  x: Tensor;
  y?: Tensor;
}

/**
 * Calibrates `model`: `calibration(n)` draws the n samples the offsets and the refit are
 * fitted on, `decoderBatch()` one training batch per soft-then-hard step. Returns the fitted
 * offsets, or null when they were not fitted.
 */
export function calibrateNtc(
  model: Ntc, s: CalibrationSettings, draw: { calibration(n: number): NtcBatch; decoderBatch(): NtcBatch },
): Float32Array | null {
  const fitted = s.calibrationSamples > 0 && (s.fitOffsets || s.refitDecoder) ? draw.calibration(s.calibrationSamples) : null;
  const offsets = fitted && s.fitOffsets ? model.fitOffsets(fitted.x, fitted.y ?? null) : null;
  for (let i = 0; i < s.hardDecoderSteps; ++i) {
    const batch = draw.decoderBatch();
    model.hardDecoderStep(batch.x, s.hardDecoderLr, batch.y ?? null);
  }
  if (fitted && s.refitDecoder) model.refitDecoder(fitted.x, fitted.y ?? null);
  return offsets;
}
