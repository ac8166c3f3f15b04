/** A point's parameters as people read them (the report, the progress line) and as results.json holds them. */
import type { ResultPoint } from './resultsSchema.js';
import type { PointParams } from './types.js';

const SYMBOL: Record<string, string> = { lambda: 'λ', beta: 'β' };

/** The column head or label of parameter `name`: λ, β, or the name itself. */
export function paramLabel(name: string): string {
  return SYMBOL[name] ?? name;
}

/** `λ=100`, `target_distortion=0.3508`: each parameter with 6 significant digits. */
export function formatParams(params: PointParams): string {
  return Object.entries(params).map(([name, value]) => `${paramLabel(name)}=${Number(value.toPrecision(6))}`).join(' ');
}

/** The parameters of a point in results.json; a file written before they were recorded has only `lambda`. */
export function resultParams(point: ResultPoint): PointParams {
  if (point.params) return point.params;
  if (point.lambda !== undefined) return { lambda: point.lambda };
  throw new Error(`results.json: point ${point.index} has neither params nor lambda`);
}
