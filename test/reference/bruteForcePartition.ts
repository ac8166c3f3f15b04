/**
 * Exhaustive search for min Σ cost(ℓ_i) over partitions of [0,1) into exactly
 * `cells` (3 or 4) intervals with entropy H(ℓ) = R: the first cells − 2
 * lengths run over a grid (then a zoomed grid around the best point, several
 * rounds), the last two lengths (c, s − c), c ≤ s/2, are solved from H = R by
 * bisection (H is increasing in c there). Independent of the library's
 * family search, which it checks.
 */
const h = (l: number) => (l > 0 ? -l * Math.log2(l) : 0);

function bestWithPrefix(prefix: number[], cost: (l: number) => number, rate: number): number {
  const s = 1 - prefix.reduce((a, b) => a + b, 0);
  if (!(s > 0)) return Infinity;
  const hp = prefix.reduce((a, l) => a + h(l), 0);
  const H = (c: number) => hp + h(c) + h(s - c);
  if (rate < H(0) || rate > H(s / 2)) return Infinity;
  let a = 0;
  let b = s / 2;
  for (let i = 0; i < 100; i++) {
    const m = 0.5 * (a + b);
    if (H(m) < rate) a = m;
    else b = m;
  }
  const c = 0.5 * (a + b);
  return prefix.reduce((acc, l) => acc + cost(l), 0) + cost(c) + cost(s - c);
}

export function bruteForceMinDistortion(cost: (l: number) => number, rate: number, cells: 3 | 4): number {
  const dims = cells - 2;
  const grid = dims === 1 ? 1000 : 100;
  let lo = new Array<number>(dims).fill(0);
  let width = 1;
  let best = Infinity;
  let arg = lo;
  for (let round = 0; round < 12; round++) {
    const step = width / grid;
    const idx = new Array<number>(dims).fill(0);
    for (;;) {
      const prefix = idx.map((k, d) => lo[d]! + (k + 0.5) * step);
      if (prefix.every((l) => l > 0)) {
        const d = bestWithPrefix(prefix, cost, rate);
        if (d < best) {
          best = d;
          arg = prefix;
        }
      }
      let d = 0;
      while (d < dims && ++idx[d]! === grid) idx[d++] = 0;
      if (d === dims) break;
    }
    width = 6 * step;
    lo = arg.map((x) => x - width / 2);
  }
  return best;
}
