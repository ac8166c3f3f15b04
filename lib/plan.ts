/**
 * One body for an operation's synchronous and asynchronous forms. A plan is a generator that
 * yields the native calls that can run long ({@link NativeCall}: an op of `AsyncOpName` and
 * its arguments) and does everything else (checks, cheap kernels, reading results back)
 * itself between them; it returns the operation's result. {@link runPlan} makes each call at
 * once; {@link runPlanAsync} makes each on the libuv thread pool (`<op>Async`) and awaits
 * it, so the JavaScript thread is free while a kernel runs, and checks an AbortSignal
 * before each call. Both hand a failing call's error to the plan (`throw()` at its yield),
 * so a plan's try/finally runs alike in both forms.
 */
import { native } from './native.js';
import type { AsyncOpName, Binding } from './native.js';

/** A native call a plan yields: an op with an asynchronous form and its arguments. */
export type NativeCall = { [K in AsyncOpName]: [K, Parameters<Binding[K]>] }[AsyncOpName];

/** An operation written once as a plan; returns T. */
export type Plan<T> = Generator<NativeCall, T, void>;

type AnyCall = (...args: unknown[]) => unknown;

/** Runs `plan` on the JavaScript thread: the synchronous form. */
export function runPlan<T>(plan: Plan<T>): T {
  let r = plan.next();
  while (!r.done) {
    const [op, args] = r.value;
    try {
      (native[op] as AnyCall)(...args);
    } catch (e) {
      r = plan.throw(e);
      continue;
    }
    r = plan.next();
  }
  return r.value;
}

/**
 * Runs `plan` with each native call on the libuv pool: the asynchronous form. Rejects with
 * the error the synchronous form would throw, or with `signal.reason` (an AbortError unless
 * the caller gave another) when `signal` is aborted, checked before every call.
 */
export async function runPlanAsync<T>(plan: Plan<T>, signal?: AbortSignal): Promise<T> {
  let r = plan.next();
  while (!r.done) {
    const [op, args] = r.value;
    try {
      signal?.throwIfAborted();
      await (native[`${op}Async`] as AnyCall)(...args);
    } catch (e) {
      r = plan.throw(e);
      continue;
    }
    r = plan.next();
  }
  return r.value;
}

/** The options every asynchronous loop takes. */
export interface AsyncOptions {
  /** Aborts the operation before its next kernel: its promise rejects with `signal.reason` (an AbortError by default). */
  signal?: AbortSignal;
}

/** `signal` itself when it is an AbortSignal or undefined; otherwise a TypeError naming the option. */
export function checkSignal(name: string, signal: unknown): AbortSignal | undefined {
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${name}: expected an AbortSignal`);
  return signal;
}
