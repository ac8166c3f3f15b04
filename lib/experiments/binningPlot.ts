/**
 * The binning figure of Özyılkan, Ballé & Erkip (ISIT 2023, Fig. 2; JSAIT 2024, Figs. 5–9):
 * above, the encoder's index as a function of x, coloured by index, with the quantization
 * boundaries dashed; below, the decoder output x̂ = g(u, y) as a function of y, one curve
 * per index in the same colour. Binning shows as one colour in disjoint intervals of x.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface BinningData {
  /** Encoder: x on a grid and the index it gets. */
  x: ArrayLike<number>;
  index: ArrayLike<number>;
  /** Decoder: y on a grid and, per index used, g(index, y). */
  y: ArrayLike<number>;
  decoded: { index: number; xHat: ArrayLike<number> }[];
}

/** `n` points evenly spaced on [lo, hi]. */
function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/**
 * The picture's data for a compressor given as an encoder on a grid of x (its index per x)
 * and a decoder of one index on a grid of y; x and y range over [-4, 4]. With it, the
 * least-squares line g(u, y) ≈ a_u + b_u y of each index's decoder where side information
 * is likely (|y| ≤ 3), averaged over the indices used: theory says the optimal decoder is
 * linear in (u, y) (JSAIT 2024, Sec. IV-A).
 */
export function inspectBinning(encode: (x: Float32Array) => ArrayLike<number>, decode: (u: number, y: Float32Array) => ArrayLike<number>) {
  const xs = grid(-4, 4, 801), ys = grid(-4, 4, 161);
  const index = Array.from(encode(xs));
  const used = [...new Set(index)].sort((a, b) => a - b);
  const decoded = used.map((u) => ({ index: u, xHat: Float32Array.from(decode(u, ys)) }));
  let r2 = 0, slope = 0;
  for (const { xHat } of decoded) {
    const pts = Array.from(ys, (y, i) => [y, xHat[i]]).filter(([y]) => Math.abs(y) <= 3);
    const my = pts.reduce((s, p) => s + p[0], 0) / pts.length, mx = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    let syy = 0, syx = 0, sxx = 0;
    for (const [y, x] of pts) { syy += (y - my) ** 2; syx += (y - my) * (x - mx); sxx += (x - mx) ** 2; }
    const b = syx / syy;
    r2 += (sxx > 0 ? (b * syx) / sxx : 1) / decoded.length;
    slope += b / decoded.length;
  }
  const data: BinningData = { x: xs, index, y: ys, decoded };
  return { data, used: used.length, r2, slope };
}

/** The x where the index changes (midpoints of the grid cells that straddle a change). */
export function indexBoundaries(x: ArrayLike<number>, index: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < x.length; ++i) if (index[i] !== index[i - 1]) out.push((x[i] + x[i - 1]) / 2);
  return out;
}

export function binningPlotSpec(title: string, d: BinningData): TopLevelSpec {
  const enc = Array.from(d.x, (x, i) => ({ x, codeword: d.index[i] }));
  const rules = indexBoundaries(d.x, d.index).map((x) => ({ x }));
  const dec = d.decoded.flatMap(({ index, xHat }) => Array.from(d.y, (y, i) => ({ y, xHat: xHat[i], codeword: index })));
  const color = { field: 'codeword', type: 'nominal' as const, title: 'index u', scale: { scheme: 'category20' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    vconcat: [
      {
        width: 520, height: 180,
        layer: [
          { data: { values: enc }, mark: { type: 'point', filled: true, size: 8 },
            encoding: { x: { field: 'x', type: 'quantitative', title: 'source x' }, y: { field: 'codeword', type: 'quantitative', title: 'encoder index u' }, color } },
          { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 3], color: 'gray', opacity: 0.6 }, encoding: { x: { field: 'x', type: 'quantitative' } } },
        ],
      },
      {
        width: 520, height: 260,
        data: { values: dec },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'y', type: 'quantitative', title: 'side information y' },
          y: { field: 'xHat', type: 'quantitative', title: 'decoder output x̂ = g(u, y)', scale: { zero: false } },
          color, detail: { field: 'codeword', type: 'nominal' },
        },
      },
    ],
  } as TopLevelSpec;
}
