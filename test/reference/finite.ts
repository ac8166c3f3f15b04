/** The index of the first NaN or ±Infinity in `x`, or -1: the float64 reference of native.firstNonFinite. */
export function refFirstNonFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; ++i) if (!Number.isFinite(x[i])) return i;
  return -1;
}
