/**
 * The learned encoder of the circle (Bhadane et al. 2022, Fig. 4a; Fig. 1a of "Breaking
 * smoothness"): the quantized latent ŷ = round(f(cos 2πU, sin 2πU)) against the angle U, for
 * the highest-λ model of each series. An invertible encoder is a staircase that visits a new
 * value in every cell; a 1-D latent must jump back at some U, and where that jump is not
 * steep enough two arcs share a value, which bounds the distortion away from the optimum.
 */
import { loadNtcModel } from '../models/modelFile.js';
import { tensor } from '../tensor.js';
import type { Figure, FinishedRun } from '../runner/types.js';

/** `circle-encoder`: ŷ_k against U on `grid` equally spaced angles, one panel per series. */
export function circleEncoderFigure(run: FinishedRun<unknown>, grid = 2000): Figure {
  const u = Float32Array.from({ length: grid }, (_, i) => (i + 0.5) / grid);
  const x = tensor(Float32Array.from({ length: 2 * grid }, (_, i) => (i % 2 ? Math.sin : Math.cos)(2 * Math.PI * u[i >> 1])), [grid, 2]);
  const rows: { panel: string; U: number; latent: string; value: number }[] = [];
  const series = [...new Set(run.models.map((m) => m.series))];
  for (const name of series) {
    const top = run.models.filter((m) => m.series === name).reduce((a, b) => (b.params.lambda > a.params.lambda ? b : a));
    const model = loadNtcModel(top.path);
    const d = model.config.latents;
    const y = model.latents(x).toArray();
    for (let i = 0; i < grid; ++i)
      for (let k = 0; k < d; ++k) rows.push({ panel: `${name}, λ = ${top.params.lambda}`, U: u[i], latent: `ŷ${k + 1}`, value: y[i * d + k] });
  }
  return {
    name: 'circle-encoder',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'circle: quantized latent ŷ = round(f(x)) vs angle U (highest λ of each series)',
      background: 'white',
      data: { values: rows },
      facet: { column: { field: 'panel', type: 'nominal', title: null } },
      spec: {
        width: 320,
        height: 240,
        mark: { type: 'point', filled: true, size: 6 },
        encoding: {
          x: { field: 'U', type: 'quantitative', title: 'U (angle / 2π)' },
          y: { field: 'value', type: 'quantitative', title: 'quantized latent' },
          color: { field: 'latent', type: 'nominal', title: null },
        },
      },
    },
  };
}
