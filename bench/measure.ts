/** Times one function with tinybench: mean and median milliseconds per call. */
import { Bench } from 'tinybench';

export interface Timing {
  meanMs: number;
  p50Ms: number;
  samples: number;
}

/** `iterations` lowers tinybench's minimum of 64 timed calls (and its 16 warm-up calls) for calls that take seconds. */
export async function measure(name: string, fn: () => void, timeMs = 1500, iterations?: number): Promise<Timing> {
  const bench = new Bench(
    iterations === undefined
      ? { time: timeMs, warmupTime: 300 }
      : { time: timeMs, warmupTime: 0, iterations, warmupIterations: 1 },
  );
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (!r || r.error) throw new Error(`${name}: ${String(r?.error ?? 'no result')}`);
  return { meanMs: r.latency.mean, p50Ms: r.latency.p50 ?? r.latency.mean, samples: r.latency.samples.length };
}
