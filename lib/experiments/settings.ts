/** Settings: a preset of the experiment's schema with `--set key=value` overrides, validated. */
import type { z } from 'zod';
import type { Experiment } from './types.js';

/** Which preset a run starts from. */
export type Preset = 'quick' | 'full';

/**
 * Parses `key=value` strings. A value is read as JSON when it parses (`3`, `1e-3`, `true`,
 * `[1,2]`), else kept as a string; {@link resolveSettings} falls back to the raw string when
 * the schema wants one.
 */
export function parseOverrides(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new RangeError(`--set ${pair}: expected key=value`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

function issueText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ');
}

/** The experiment's settings: `preset` overridden by `overrides` (raw strings from `--set`, or typed values), validated. */
export function resolveSettings(experiment: Experiment, preset: Preset, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const shape = experiment.settings.shape;
  const merged: Record<string, unknown> = { ...experiment.presets[preset] };
  for (const [key, raw] of Object.entries(overrides)) {
    const field = shape[key] as z.ZodType | undefined;
    if (!field)
      throw new RangeError(`--set ${key}: '${experiment.name}' has no setting '${key}'; settings: ${Object.keys(shape).join(', ')}`);
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
    if (!check.success) throw new RangeError(`--set ${key}=${String(raw)}: ${issueText(check.error)}`);
    merged[key] = value;
  }
  const parsed = experiment.settings.safeParse(merged);
  if (!parsed.success) throw new RangeError(`settings for '${experiment.name}' (${preset}): ${issueText(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}
