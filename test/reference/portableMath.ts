/**
 * Float64 references for native/core/portable_math.h and the error of a float32 result in
 * units in the last place.
 */

/** sin(2πt) and cos(2πt) in float64, reduced to a quarter turn exactly as the kernels do. */
export function refSinCosTurns(t: number): { sin: number; cos: number } {
  const q = Math.round(4 * t), r = 4 * t - q; // 4t is exact; q to nearest (ties do not matter for the value)
  const a = (r * Math.PI) / 2, s = Math.sin(a), c = Math.cos(a);
  const quadrant = ((q % 4) + 4) % 4;
  return [{ sin: s, cos: c }, { sin: c, cos: -s }, { sin: -s, cos: -c }, { sin: -c, cos: s }][quadrant];
}

/** The spacing of float32 values at |v| (a normal or subnormal float32 magnitude). */
export function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** |got − exact| in units of float32's last place at the exact value. */
export function ulpError(got: number, exact: number): number {
  if (Number.isNaN(got) || Number.isNaN(exact)) return Number.isNaN(got) && Number.isNaN(exact) ? 0 : Infinity;
  if (got === exact) return 0;
  return Math.abs(got - exact) / ulp32(Math.fround(exact) === 0 ? exact : Math.fround(exact));
}
