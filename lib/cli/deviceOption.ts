import { InvalidArgumentError, Option } from 'commander';
import { isDeviceRequest } from '../device.js';

/** `--device`: cpu, cuda, cuda:N or auto (default); whether the device exists is checked when the run starts. */
export function deviceOption(): Option {
  return new Option('--device <device>', 'where tensors live: cpu, cuda, cuda:N or auto')
    .argParser((value: string) => {
      if (!isDeviceRequest(value)) throw new InvalidArgumentError('expected cpu, cuda, cuda:N or auto.');
      return value;
    })
    .default('auto');
}
