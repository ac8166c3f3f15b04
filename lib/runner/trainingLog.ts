/**
 * A point's training curve, `DIR/logs/<point>.jsonl`: one JSON line per metrics read-back
 * (`{"step":…,"wall_s":…,"loss":…,…}`), so a run's convergence can be inspected or plotted
 * after the fact. A resumed point first drops the lines past its checkpoint's step, so the
 * log of an interrupted run equals that of an uninterrupted one (up to wall times).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../coding/atomicFile.js';
import type { TrainMetrics } from './types.js';

export interface TrainingLog {
  append(step: number, wall_s: number, metrics: TrainMetrics): void;
}

/** Opens the log of point `id` in run folder `dir`, keeping only the lines up to `fromStep`. */
export function openTrainingLog(dir: string, id: string, fromStep: number): TrainingLog {
  const file = path.join(dir, 'logs', `${id}.jsonl`);
  const kept = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter((line) => line && (JSON.parse(line) as { step: number }).step <= fromStep)
    : [];
  writeFileAtomic(file, kept.map((line) => `${line}\n`).join(''));
  return {
    append(step, wall_s, metrics) {
      appendFileSync(file, `${JSON.stringify({ step, wall_s: Number(wall_s.toFixed(3)), ...metrics })}\n`);
    },
  };
}
