/** Sharding: `--shard i/n` runs points i-1, i-1+n, i-1+2n, … of the sweep (i counts from 1, like a SLURM array index). */

/** Shard `index` of `count`, 1 <= index <= count. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n`; the error says what is expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count))
    throw new RangeError(`--shard ${text}: expected i/n with 1 <= i <= n, e.g. --shard 2/4`);
  return { index, count };
}

/** Whether the sweep point at `pointIndex` (from 0) belongs to `shard`; every point belongs to exactly one shard. */
export function inShard(pointIndex: number, shard: Shard | undefined): boolean {
  return !shard || pointIndex % shard.count === shard.index - 1;
}
