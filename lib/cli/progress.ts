/**
 * Training progress on stderr: one cli-progress bar per training on a terminal, plain
 * periodic lines otherwise (logs, CI, SLURM), nothing with --quiet.
 */
import cliProgress from 'cli-progress';
import { formatParams } from '../runner/params.js';
import type { ProgressEvent } from '../runner/runner.js';
import type { SweepPoint } from '../runner/types.js';

const num = (x: number) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));

/** A progress callback for the runner, and `stop()` to release the terminal. */
export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

/** Plain lines at most every `intervalMs` per training, plus the first and the last. */
export function createProgressReporter(options: { quiet?: boolean; tty?: boolean; intervalMs?: number }): ProgressReporter {
  if (options.quiet) return { onProgress: () => {}, stop: () => {} };
  const write = (line: string) => process.stderr.write(line + '\n');
  const label = (e: { point: SweepPoint }) => `${e.point.series} ${formatParams(e.point.params)}`;
  const done = (e: Extract<ProgressEvent, { kind: 'point-done' }>) =>
    `${label(e)}: rate ${num(e.result.rate_bits)} bits (estimate ${num(e.result.rate_estimate_bits)}), distortion ${num(e.result.distortion)}` +
    (e.skipped ? ' (finished earlier)' : ` in ${e.result.wall_s.toFixed(1)} s`);
  if (options.tty) {
    let bar: cliProgress.SingleBar | null = null;
    const stop = () => {
      bar?.stop();
      bar = null;
    };
    return {
      onProgress(e) {
        if (e.kind === 'point-start') {
          stop();
          bar = new cliProgress.SingleBar({
            format: `[${e.ordinal + 1}/${e.count}] {label} |{bar}| {value}/{total} loss {loss} rate {rate} D {distortion} {speed} steps/s ETA {eta_formatted}`,
            hideCursor: true,
            etaBuffer: 20,
          }, cliProgress.Presets.shades_classic);
          bar.start(e.point.steps, e.step, { label: label(e), loss: '-', rate: '-', distortion: '-', speed: '-' });
        } else if (e.kind === 'metrics') {
          bar?.update(e.step, { loss: num(e.metrics.loss), rate: num(e.metrics.rate), distortion: num(e.metrics.distortion), speed: e.stepsPerSecond.toFixed(0) });
        } else {
          stop();
          write(done(e));
        }
      },
      stop,
    };
  }
  const interval = options.intervalMs ?? 10_000;
  let last = 0;
  return {
    onProgress(e) {
      if (e.kind === 'point-start') {
        last = 0;
        write(`[${e.ordinal + 1}/${e.count}] ${label(e)}: training ${e.point.steps} steps`);
      } else if (e.kind === 'metrics') {
        const now = Date.now();
        if (now - last < interval && e.step !== e.steps) return;
        last = now;
        const eta = e.stepsPerSecond > 0 ? ` ETA ${Math.ceil((e.steps - e.step) / e.stepsPerSecond)} s` : '';
        write(`  ${label(e)} step ${e.step}/${e.steps} loss ${num(e.metrics.loss)} rate ${num(e.metrics.rate)} D ${num(e.metrics.distortion)} ${e.stepsPerSecond.toFixed(0)} steps/s${eta}`);
      } else write(done(e));
    },
    stop: () => {},
  };
}
