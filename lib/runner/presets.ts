/**
 * The preset names, from the shortest run to the longest: `quick` (minutes on a 2-core CPU),
 * `medium` (under half an hour there; only some experiments have one), `full` (the paper's
 * settings; the default).
 */
export const PRESETS = ['quick', 'medium', 'full'] as const;
/** Which preset a run starts from. */
export type Preset = (typeof PRESETS)[number];
