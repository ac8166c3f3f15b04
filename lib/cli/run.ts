import { Option, type Command } from 'commander';
import { deviceOption } from './deviceOption.js';
import { resumeRun, runExperiment, RunInterrupted, type RunResult } from '../runner/runner.js';
import { parseOverrides, PRESETS, type Preset } from '../runner/settings.js';
import { parseShard } from '../runner/shard.js';
import { createProgressReporter } from './progress.js';

interface RunFlags {
  quick?: boolean;
  preset?: Preset;
  device: string;
  seed: number;
  out?: string;
  set: string[];
  json?: boolean;
  quiet?: boolean;
  resume?: string;
  shard?: string;
  metricsEvery?: number;
  checkpointEvery?: number;
}

function integerOption(name: string, zeroOk = false) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || (!zeroOk && n === 0))
      throw new RangeError(`${name} ${text}: expected a ${zeroOk ? 'non-negative' : 'positive'} integer`);
    return n;
  };
}

/** The preset `--quick` or `--preset` names (default 'full'); both, naming different presets, is an error. */
function presetOf(flags: RunFlags): Preset {
  if (flags.quick && flags.preset !== undefined && flags.preset !== 'quick')
    throw new RangeError(`--quick and --preset ${flags.preset} name different presets; give one`);
  return flags.quick ? 'quick' : (flags.preset ?? 'full');
}

/** `rdlab run NAME` and `rdlab run --resume DIR`. SIGINT/SIGTERM checkpoint the run before exiting. */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('train and evaluate an experiment: results.json, plots, report.md in a run folder')
    .argument('[name]', "experiment name (see 'rdlab list')")
    .option('--quick', 'the quick preset, short for --preset quick')
    .addOption(new Option('--preset <name>', "settings preset: 'quick' (minutes on a 2-core CPU), 'medium' (under half an hour there, where the experiment has one), 'full' (the paper settings, the default)").choices(PRESETS))
    .addOption(deviceOption())
    .option('--seed <n>', 'seed that addresses every random draw', integerOption('--seed', true), 1)
    .option('--out <dir>', 'run folder (default runs/NAME-<timestamp>)')
    .option('--set <key=value>', 'override a setting (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--json', 'print results.json on stdout')
    .option('--quiet', 'no progress output')
    .option('--resume <dir>', 'continue an interrupted run from its folder')
    .option('--shard <i/n>', 'run only share i of n of the sweep points (merge with rdlab merge)')
    .option('--metrics-every <n>', 'read metrics back every n steps', integerOption('--metrics-every'), 100)
    .option('--checkpoint-every <n>', 'checkpoint every n steps', integerOption('--checkpoint-every'), 1000)
    .action(async (name: string | undefined, flags: RunFlags, cmd: Command) => {
      const reporter = createProgressReporter({ quiet: flags.quiet, tty: process.stderr.isTTY });
      const controller = new AbortController();
      let signal: NodeJS.Signals | null = null;
      const onSignal = (s: NodeJS.Signals) => {
        signal = s;
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const loop = { onProgress: (e: Parameters<typeof reporter.onProgress>[0]) => reporter.onProgress(e), signal: controller.signal, metricsEvery: flags.metricsEvery, checkpointEvery: flags.checkpointEvery };
      let run: RunResult;
      try {
        if (flags.resume) {
          const fixed = ['quick', 'preset', 'device', 'seed', 'out', 'set', 'shard'].filter((k) => cmd.getOptionValueSource(k) === 'cli');
          if (name || fixed.length)
            throw new RangeError(`--resume takes the experiment and its settings from the run folder; drop ${[...(name ? [name] : []), ...fixed.map((k) => `--${k}`)].join(', ')}`);
          run = await resumeRun(flags.resume, loop);
        } else {
          if (!name) throw new RangeError("run: expected an experiment name (see 'rdlab list') or --resume DIR");
          run = await runExperiment(name, {
            ...loop,
            preset: presetOf(flags),
            overrides: parseOverrides(flags.set),
            seed: flags.seed,
            device: flags.device,
            out: flags.out,
            shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
          });
        }
      } catch (err) {
        reporter.stop();
        if (err instanceof RunInterrupted) {
          console.error(`rdlab: ${err.message}`);
          process.exit(signal === 'SIGINT' ? 130 : 143);
        }
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      reporter.stop();
      if (flags.json) console.log(JSON.stringify(run.results, null, 2));
      else if (!flags.quiet) console.error(`results: ${run.dir}/results.json, report: ${run.dir}/report.md`);
    });
}
