/**
 * The experiments `rdlab run` knows. A new experiment is one file exporting an
 * {@link Experiment} plus one entry in {@link BUILT_IN}; tests and tools can add their own
 * with {@link registerExperiment}.
 */
import { nerdGaussian } from './nerd.js';
import { nerdFmnist } from './nerdFmnist.js';
import { nerdFmnistCapacity } from './nerdFmnistCapacity.js';
import { rccGaussian } from './rcc.js';
import { rccFmnist } from './rccFmnist.js';
import { rccSamples } from './rccSamples.js';
import { sandwichFmnist } from './sandwichFmnist.js';
import { sandwichGaussian } from './sandwichGaussian.js';
import { circleNtc, gaussianNtc, laplaceNtc, rampNtc, sawbridgeNtc } from './ntc.js';
import { defineExperiment, type Experiment, type SettingsSchema } from '../runner/types.js';
import { requireString } from '../validate.js';
import { wzGaussian, wzGaussianYxn, wzSign } from './wz.js';

/** The experiments shipped with rdlab, in the order `rdlab list` shows them. */
const BUILT_IN: Experiment[] = [gaussianNtc, laplaceNtc, sawbridgeNtc, circleNtc, rampNtc, wzGaussian, wzGaussianYxn, wzSign, nerdGaussian, nerdFmnist, nerdFmnistCapacity, sandwichGaussian, sandwichFmnist, rccGaussian, rccSamples, rccFmnist] as unknown as Experiment[];

const experiments = new Map<string, Experiment>();
for (const e of BUILT_IN) registerExperiment(e);

/** Adds an experiment to the registry; names are unique lowercase words joined by '-'. */
export function registerExperiment<S extends SettingsSchema>(experiment: Experiment<S>): void {
  defineExperiment(experiment);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(experiment.name))
    throw new RangeError(`experiment name '${experiment.name}': expected lowercase words joined by '-'`);
  if (experiments.has(experiment.name)) throw new RangeError(`experiment '${experiment.name}' is already registered`);
  experiments.set(experiment.name, experiment as unknown as Experiment);
}

/** The experiment called `name`; the error lists the known names. */
export function getExperiment(name: string): Experiment {
  requireString('experiment', name);
  const e = experiments.get(name);
  if (e) return e;
  const known = [...experiments.keys()];
  throw new RangeError(`unknown experiment '${name}'; ` + (known.length ? `known: ${known.join(', ')} (see 'rdlab list')` : 'none are registered'));
}

/** Every registered experiment's name and one-line description. */
export function listExperiments(): { name: string; description: string }[] {
  return [...experiments.values()].map((e) => ({ name: e.name, description: e.description }));
}
