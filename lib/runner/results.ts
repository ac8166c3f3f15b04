/** Assembling results.json's series from per-point records, the same way for a run and for a merge. */
import { native } from '../native.js';
import type { Results, ResultPoint } from './resultsSchema.js';
import type { SeriesKind } from './sandwich.js';

/** A finished point and the series it belongs to. */
export interface PointRecord {
  series: string;
  point: ResultPoint;
}

/** Series in order of first appearance in the sweep, points in sweep order; `kinds` marks a series' {@link SeriesKind}. */
export function seriesFromPoints(records: PointRecord[], kinds: Readonly<Record<string, SeriesKind>> = {}): Results['series'] {
  const sorted = [...records].sort((a, b) => a.point.index - b.point.index);
  const series: Results['series'] = [];
  for (const r of sorted) {
    let s = series.find((x) => x.name === r.series);
    if (!s) series.push((s = { name: r.series, ...(kinds[r.series] ? { kind: kinds[r.series] } : {}), points: [] }));
    s.points.push(r.point);
  }
  return series;
}

/** What computed the results: CPU kernel ISA, threads, and the CUDA device when one was used. */
export function backendInfo(device: string): Results['backend'] {
  const i = native.info();
  const n = device.startsWith('cuda') ? Number(device.split(':')[1] ?? 0) : -1;
  return { cpuIsa: i.cpuIsa, threads: i.threads, cudaDevice: n >= 0 ? (i.cudaDevices[n] ?? device) : null };
}
