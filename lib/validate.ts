/**
 * Argument checks shared by every public function: each throws a TypeError (wrong kind of
 * value) or RangeError (right kind, wrong value) whose message names the argument, so a bad
 * call never fails inside JavaScript's internals or returns NaN silently.
 */

/** How a wrong value reads in an error message: `null`, `an array`, `a string`, the number itself. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

/** Throws `TypeError` unless `value` is a finite number. */
export function requireFinite(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}: expected a number, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name}: expected a finite number, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositive(name: string, value: unknown): number {
  const v = requireFinite(name, value);
  if (!(v > 0)) throw new RangeError(`${name}: expected a number > 0, got ${v}`);
  return v;
}

/** Throws unless `value` is a finite number >= 0. */
export function requireNonNegative(name: string, value: unknown): number {
  const v = requireFinite(name, value);
  if (!(v >= 0)) throw new RangeError(`${name}: expected a number >= 0, got ${v}`);
  return v;
}

/** Throws unless `value` is an integer in [`min`, `max`] (`max` defaults to 2^53 − 1). */
export function requireInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = requireFinite(name, value);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${name}: expected an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`}, got ${v}`);
  }
  return v;
}

/** Throws unless `values` is a non-empty array of finite numbers > 0. */
export function requirePositiveArray(name: string, values: unknown): readonly number[] {
  if (!Array.isArray(values)) {
    throw new TypeError(`${name}: expected an array of numbers, got ${describeValue(values)}`);
  }
  if (values.length === 0) throw new RangeError(`${name}: expected at least one value`);
  values.forEach((v, i) => requirePositive(`${name}[${i}]`, v));
  return values as number[];
}

/** Throws unless `value` is an object (not null, not an array): an options or config argument. */
export function requireObject<T extends object>(name: string, value: T | unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${name}: expected an object, got ${describeValue(value)}`);
  return value as T;
}

/** `requireObject` for an optional argument: undefined gives `{}`. */
export function optionalObject<T extends object>(name: string, value: T | undefined): Partial<T> {
  return value === undefined ? {} : requireObject<T>(name, value);
}

/** Throws unless `value` is a string. */
export function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${name}: expected a string, got ${describeValue(value)}`);
  return value;
}

/** Throws unless `value` is a function. */
export function requireFunction<F extends (...args: never[]) => unknown>(name: string, value: F | unknown): F {
  if (typeof value !== 'function') throw new TypeError(`${name}: expected a function, got ${describeValue(value)}`);
  return value as F;
}

/** Throws unless `value` is one of `options`. */
export function requireOneOf<T extends string>(name: string, value: unknown, options: readonly T[]): T {
  if (!options.includes(value as T)) throw new RangeError(`${name}: expected one of ${options.map((o) => `'${o}'`).join(', ')}, got ${typeof value === 'string' ? `'${value}'` : describeValue(value)}`);
  return value as T;
}

/** Throws unless `value` is a Uint8Array (bytes of a file or bitstream). */
export function requireBytes(name: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array, got ${describeValue(value)}`);
  return value;
}

/**
 * Throws unless `shape` is an array of non-negative integers whose product (returned) stays
 * at most 2^53 − 1, so that an element count never loses precision.
 */
export function requireShape(name: string, shape: unknown): number {
  if (!Array.isArray(shape)) throw new TypeError(`${name}: expected an array of dimension sizes, got ${describeValue(shape)}`);
  let count = 1;
  shape.forEach((d, i) => {
    requireInteger(`${name}[${i}]`, d, 0);
    count *= d;
  });
  if (count > Number.MAX_SAFE_INTEGER) throw new RangeError(`${name}: [${shape.join(', ')}] holds more than 2^53 elements`);
  return count;
}
