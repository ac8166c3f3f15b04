export * from './gaussian.js';
export * from './wynerZiv.js';
export * from './rcc.js';
