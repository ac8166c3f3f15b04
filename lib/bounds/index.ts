export * from './gaussian.js';
export * from './wynerZiv.js';
export * from './rcc.js';
export * from './intervalPartition.js';
export * from './sawbridge.js';
export * from './ramp.js';
export * from './circle.js';
export * from './blahut.js';
