/** Settings: a preset of the experiment's schema with `--set key=value` overrides, validated. */
import { z } from 'zod';
import { MAX_WIDTH } from '../nn/mlp.js';
import { PRESETS, type Preset } from './presets.js';
import type { Experiment } from './types.js';

export { PRESETS, type Preset };

/** A layer width setting (a latent or hidden width): what an Mlp can be built with. */
export const widthSetting = z.number().int().min(1).max(MAX_WIDTH);
/** A list of widths (hidden layers, or the latent widths a sweep tries). */
export const widthsSetting = z.array(widthSetting).min(1);

/** Keys that would reach an object's prototype instead of a setting. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `key=value` strings. A value is read as JSON when it parses (`3`, `1e-3`, `true`,
 * `[1,2]`), else kept as a string; {@link resolveSettings} falls back to the raw string when
 * the schema wants one.
 */
export function parseOverrides(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new RangeError(`--set ${pair}: expected key=value`);
    const key = pair.slice(0, eq).trim();
    if (FORBIDDEN.has(key)) throw new RangeError(`--set ${key}: not a setting name`);
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

function issueText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ');
}

/** Where the settings come from: `--set` overrides of a new run, or the run.json of a resumed one. */
export type SettingsOrigin = 'overrides' | 'resumed';

/**
 * The experiment's settings: `preset` overridden by `overrides` (raw strings from `--set`, or
 * typed values), validated. A key the experiment does not read is refused, naming it; a
 * resumed run's settings may hold the experiment's retired keys, which are dropped.
 */
export function resolveSettings(
  experiment: Experiment, preset: Preset, overrides: Record<string, unknown> = {}, origin: SettingsOrigin = 'overrides',
): Record<string, unknown> {
  const shape = experiment.settings.shape;
  const flag = (key: string) => (origin === 'overrides' ? `--set ${key}` : `setting '${key}' in run.json`);
  const base = Object.hasOwn(experiment.presets, preset) ? experiment.presets[preset] : undefined;
  if (base === undefined)
    throw new RangeError(`'${experiment.name}' has no preset '${String(preset)}'; presets: ${PRESETS.filter((p) => experiment.presets[p] !== undefined).join(', ')}`);
  const merged: Record<string, unknown> = { ...base };
  for (const [given, raw] of Object.entries(overrides)) {
    if (FORBIDDEN.has(given)) throw new RangeError(`${flag(given)}: not a setting name`);
    if (origin === 'resumed' && experiment.retiredSettings?.includes(given)) continue;
    const key = experiment.renamedSettings && Object.hasOwn(experiment.renamedSettings, given) ? experiment.renamedSettings[given] : given;
    if (!Object.hasOwn(shape, key))
      throw new RangeError(`${flag(given)}: '${experiment.name}' has no setting '${given}'; settings: ${Object.keys(shape).join(', ')}`);
    const field = shape[key] as z.ZodType;
    let value: unknown = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      if (!field.safeParse(value).success && field.safeParse(raw).success) value = raw;
    }
    const check = field.safeParse(value);
    if (!check.success) throw new RangeError(`${flag(given)}=${typeof raw === 'string' ? raw : JSON.stringify(raw)}: ${issueText(check.error)}`);
    merged[key] = value;
  }
  const parsed = experiment.settings.strict().safeParse(merged);
  if (!parsed.success) throw new RangeError(`settings for '${experiment.name}' (${preset}): ${issueText(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}
