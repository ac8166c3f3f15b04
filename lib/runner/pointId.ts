import type { PointParams } from './types.js';

/**
 * A file-name-safe id for the point at `index`, e.g. `003-ecvq-lambda-100` or
 * `000-nerd-target_distortion-0.35`: its parameters in order; names its checkpoint, point and model files.
 */
export function pointId(point: { series: string; params: PointParams }, index: number): string {
  const params = Object.entries(point.params).map(([name, value]) => `-${name}-${value}`).join('');
  return `${String(index).padStart(3, '0')}-${point.series}${params}`.replace(/[^A-Za-z0-9.+-]/g, '_');
}
