/**
 * A grid of grey-scale images as a {@link Figure} (rendered to SVG and PNG like the plots):
 * one rect per pixel, black 0 to white 1, images separated by a one-pixel gap.
 */
import type { Figure } from '../runner/types.js';

/**
 * The figure `name` showing the images in `pixels` (row after row, each height·width values
 * in [0, 1]; values outside are clamped by the colour scale), `columns` images per row.
 */
export function imageGridFigure(name: string, title: string, pixels: ArrayLike<number>, height: number, width: number, columns: number): Figure {
  const size = height * width, count = Math.floor(pixels.length / size);
  if (!(size >= 1) || count < 1 || count * size !== pixels.length)
    throw new RangeError(`pixels: expected a positive multiple of ${height}·${width} values, got ${pixels.length}`);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columns: expected a positive integer, got ${columns}`);
  const values: { c: number; r: number; v: number }[] = [];
  for (let k = 0; k < count; ++k) {
    const left = (k % columns) * (width + 1), top = Math.floor(k / columns) * (height + 1);
    for (let i = 0; i < size; ++i) values.push({ c: left + (i % width), r: top + Math.floor(i / width), v: pixels[k * size + i] });
  }
  // pixel columns and rows of the whole grid; pixel (c, r) is centred at ((c + ½)·px, (r + ½)·px)
  const cols = Math.min(count, columns) * (width + 1) - 1, rows = Math.ceil(count / columns) * (height + 1) - 1;
  const px = 3;
  return {
    name,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      background: 'white',
      width: cols * px,
      height: rows * px,
      data: { values },
      mark: { type: 'rect', width: px, height: px },
      encoding: {
        x: { field: 'c', type: 'quantitative', scale: { domain: [-0.5, cols - 0.5] }, axis: null },
        y: { field: 'r', type: 'quantitative', scale: { domain: [-0.5, rows - 0.5], reverse: true }, axis: null },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], range: ['black', 'white'], clamp: true }, legend: null },
      },
    },
  };
}
