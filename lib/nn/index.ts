/** Building blocks of the learned models: MLPs, convolutions and convolutional stacks, Adam, losses, quantization, entropy models, Fourier features, Gumbel-softmax. */
export { Mlp, type MlpConfig, type Activation } from './mlp.js';
export { conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward, type Conv2dOptions, type ConvGrads } from './conv.js';
export { ConvNet, type ConvNetConfig, type ConvNetLayer } from './convNet.js';
export { dcganGenerator, type DcganGeneratorOptions } from './dcgan.js';
export { Adam, type AdamConfig } from './adam.js';
export { mseLoss } from './loss.js';
export { DeepFactorizedEntropyModel, type DeepFactorizedConfig } from './entropyModel.js';
export { ContinuousEntropyModel, type ContinuousEntropyModelConfig, type CoderTables } from './continuousEntropyModel.js';
export { addUniformNoise, round } from './quantize.js';
export { FourierFeatures, type FourierConfig } from './fourier.js';
export { gumbelSoftmax, gumbelSoftmaxBackward, type GumbelSample } from './gumbel.js';
