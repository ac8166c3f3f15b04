/**
 * The DCGAN generator of the NERD paper's image experiments (Appendix C.A) as a
 * {@link ConvNetConfig}: z of `latent` dims -> linear to 8c x 2 x 2 -> four transposed
 * convolutions (4 x 4, stride 2, padding 1), each doubling the resolution: 8c -> 4c -> 2c -> c
 * channels with ReLU between, then c -> `channels` with a sigmoid, so a 32 x 32 image in
 * [0, 1] (c is the capacity c_d; the paper's default 32).
 *
 * `crop` drops that many pixels from each side of the 32 x 32 output, for images smaller
 * than 32 x 32 scored on their own pixels only (Fashion-MNIST: 28 x 28 in a 32 x 32 frame,
 * crop 2). A transposed convolution's padding crops its full output, so this is the last
 * layer's padding, 1 + crop: the same parameters and the same centre pixels as the uncropped
 * generator, without computing the border.
 */
import { requireInteger, requireObject } from '../validate.js';
import type { ConvNetConfig } from './convNet.js';

export interface DcganGeneratorOptions {
  /** Latent dimension (default 128). */
  latent?: number;
  /** Capacity c_d: channels of the last hidden layer; the first has 8 c_d (default 32). */
  capacity?: number;
  /** Image channels (default 1). */
  channels?: number;
  /** Pixels dropped from each side of the 32 x 32 output (default 0): a (32 − 2 crop)-square image. */
  crop?: number;
}

export function dcganGenerator(options: DcganGeneratorOptions = {}): ConvNetConfig {
  requireObject('options', options);
  const latent = requireInteger('options.latent', options.latent ?? 128, 1, 65536);
  const c = requireInteger('options.capacity', options.capacity ?? 32, 1, 4096);
  const channels = requireInteger('options.channels', options.channels ?? 1, 1, 4096);
  const crop = requireInteger('options.crop', options.crop ?? 0, 0, 15);
  const up = (out: number, activation: 'relu' | 'sigmoid', padding = 1) => ({ type: 'convTranspose' as const, channels: out, kernel: 4, stride: 2, padding, activation });
  return {
    input: [latent],
    layers: [
      { type: 'linear', outputs: 8 * c * 2 * 2, activation: 'relu' },
      { type: 'reshape', shape: [2, 2, 8 * c] },
      up(4 * c, 'relu'),
      up(2 * c, 'relu'),
      up(c, 'relu'),
      up(channels, 'sigmoid', 1 + crop),
    ],
  };
}
