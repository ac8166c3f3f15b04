/**
 * An NTC model's analysis or synthesis transform: an MLP ({ hidden, activation }) or a
 * ConvNet ({ convNet }, a layer list as docs/conv.md describes), both stored in the model
 * file as plain config. Both map vectors to vectors, [B, inputs] → [B, outputs], so the
 * model codes flat latents with one factorized density per latent element: a ConvNet's
 * config takes `input: [inputs]` and reshapes to an image itself (a `reshape` layer), and its
 * last layer gives `[outputs]` (a `reshape` back to a vector, or a linear layer).
 */
import { requireObject } from '../validate.js';
import { ConvNet, type ConvNetConfig } from '../nn/convNet.js';
import { Mlp, type Activation } from '../nn/mlp.js';
import type { DeviceName } from '../tensor.js';

/** A fully connected transform: hidden widths, activation, and a factor on the first layer's initial weights (MlpConfig.inputInitScale). */
export interface MlpTransformConfig {
  hidden: number[];
  activation?: Activation;
  inputInitScale?: number;
}

/** A convolutional transform: its layer list, input `[inputs]`, output `[outputs]`. */
export interface ConvTransformConfig {
  convNet: ConvNetConfig;
}

export type NtcTransformConfig = MlpTransformConfig | ConvTransformConfig;

export type NtcTransform = Mlp | ConvNet;

const MLP_FIELDS = ['hidden', 'activation', 'inputInitScale'] as const;

export const isConvTransform = (c: NtcTransformConfig): c is ConvTransformConfig => 'convNet' in c;

/** Checks the shape of a transform config (`name` is its path in errors, e.g. 'config.analysis'). */
export function checkTransformConfig(name: string, c: unknown): void {
  requireObject(name, c);
  if (isConvTransform(c as NtcTransformConfig)) {
    const mixed = MLP_FIELDS.find((f) => f in (c as object));
    if (mixed) throw new TypeError(`${name}.${mixed}: an MLP field beside ${name}.convNet (a transform is one or the other)`);
    requireObject(`${name}.convNet`, (c as ConvTransformConfig).convNet);
  } else if (!Array.isArray((c as MlpTransformConfig).hidden)) {
    throw new TypeError(`${name}.hidden: expected an array of widths (or ${name}.convNet: a ConvNet layer list)`);
  }
}

/**
 * The transform of `config` from `inputs` to `outputs` values per sample; `mlpActivation`
 * is the MLP's default hidden activation. A ConvNet's config errors name `${name}.convNet…`.
 */
export function ntcTransform(
  name: string, config: NtcTransformConfig, inputs: number, outputs: number,
  options: { seed: number; device: DeviceName; params?: Float32Array; mlpActivation: Activation },
): NtcTransform {
  if (!isConvTransform(config)) {
    return new Mlp(
      { inputs, hidden: config.hidden, outputs, activation: config.activation ?? options.mlpActivation, inputInitScale: config.inputInitScale },
      { seed: options.seed, device: options.device, params: options.params },
    );
  }
  const c = config.convNet;
  if (!Array.isArray(c.input) || c.input.length !== 1 || c.input[0] !== inputs)
    throw new RangeError(`${name}.convNet.input: expected [${inputs}] (start the layers with a reshape to an image), got ${JSON.stringify(c.input)}`);
  let net: ConvNet;
  try {
    net = new ConvNet(c, { seed: options.seed, device: options.device, params: options.params });
  } catch (e) {
    const err = e as Error;
    err.message = err.message.replace(/^config\./, `${name}.convNet.`);
    throw err;
  }
  if (net.outputShape.length !== 1 || net.outputShape[0] !== outputs)
    throw new RangeError(`${name}.convNet.layers: the last layer gives [${net.outputShape.join(', ')}], expected [${outputs}] (end with a reshape to a vector)`);
  return net;
}
