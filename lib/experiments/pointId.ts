import type { SweepPoint } from './types.js';

/** A file-name-safe id for the point at `index`, e.g. `003-ecvq-lambda-100`: names its checkpoint, point and model files. */
export function pointId(point: SweepPoint, index: number): string {
  return `${String(index).padStart(3, '0')}-${point.series}-lambda-${point.lambda}`.replace(/[^A-Za-z0-9.+-]/g, '_');
}
