/**
 * Argument checks shared by the bounds. Every bound validates its inputs and
 * throws an error that names the offending argument, so a bad call never
 * returns NaN silently.
 */

/** Throws `TypeError` unless `value` is a finite number. */
export function requireFinite(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be finite, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositive(name: string, value: unknown): number {
  const v = requireFinite(name, value);
  if (!(v > 0)) throw new RangeError(`${name} must be > 0, got ${v}`);
  return v;
}

/** Throws unless `value` is a finite number >= 0. */
export function requireNonNegative(name: string, value: unknown): number {
  const v = requireFinite(name, value);
  if (!(v >= 0)) throw new RangeError(`${name} must be >= 0, got ${v}`);
  return v;
}

/** Throws unless `value` is an integer >= `min`. */
export function requireInteger(name: string, value: unknown, min: number): number {
  const v = requireFinite(name, value);
  if (!Number.isInteger(v) || v < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
  }
  return v;
}

/** Throws unless `values` is a non-empty array of finite numbers > 0. */
export function requirePositiveArray(name: string, values: unknown): readonly number[] {
  if (!Array.isArray(values)) {
    throw new TypeError(`${name} must be an array of numbers`);
  }
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
  values.forEach((v, i) => requirePositive(`${name}[${i}]`, v));
  return values as number[];
}
