export { Mlp, mlpSpec, mlpParamCount, type MlpConfig, type Activation } from './mlp.js';
export { Adam, adamState, loadAdamState, type AdamConfig } from './adam.js';
export { mseLoss } from './loss.js';
export {
  DeepFactorizedEntropyModel,
  deepFactorizedParamCount,
  type DeepFactorizedConfig,
  type DeepFactorizedSpecNative,
} from './entropyModel.js';
export { addUniformNoise, round } from './quantize.js';
export { FourierFeatures, checkFourierConfig, type FourierConfig } from './fourier.js';
export { gumbelSoftmax, gumbelSoftmaxBackward, type GumbelSample } from './gumbel.js';
