/**
 * Device names and the one resolver from what a user asks for ('auto', 'cpu', 'cuda',
 * 'cuda:N') to the device tensors are made on. A GPU is used only after it passes the
 * CUDA self-check (lib/selfCheck.ts), once per device per process.
 */
import { native } from './native.js';
import type { DeviceName, NativeInfo } from './native.js';
import { cudaSelfCheck, describeSelfCheck, selfCheckEnabled, type SelfCheckResult } from './selfCheck.js';

export type { DeviceName };

/** What a caller may ask for: a device, 'cuda' (device 0), or 'auto' (a GPU when one is usable). */
export type DeviceRequest = DeviceName | 'cuda' | 'auto';

const pattern = /^cuda(?::(\d+))?$/;

/** True for the spellings {@link resolveDevice} accepts, without asking whether the device exists. */
export function isDeviceRequest(device: unknown): device is DeviceRequest {
  return device === 'auto' || device === 'cpu' || (typeof device === 'string' && pattern.test(device));
}

/**
 * A resolver over what the backend reports (`probe`) and a self-check of a GPU (`check`);
 * {@link resolveDevice} is the one over the native module and {@link cudaSelfCheck}. Each
 * resolver warns at most once per device that 'auto' passes over.
 */
export function deviceResolver(
  probe: () => Pick<NativeInfo, 'cuda' | 'cudaStatus' | 'cudaDevices'>,
  check: (device: DeviceName) => SelfCheckResult,
): (device: string) => DeviceName {
  const warned = new Set<DeviceName>();
  return (device) => {
    const i = probe();
    if (device === 'auto') {
      if (!i.cuda) return 'cpu';
      if (!selfCheckEnabled()) return 'cuda:0';
      const r = check('cuda:0');
      if (r.ok) return 'cuda:0';
      if (!warned.has('cuda:0')) {
        warned.add('cuda:0');
        process.emitWarning(`rdlab: device 'auto' uses the CPU: the CUDA self-check of cuda:0 ${describeSelfCheck(r)}`, { code: 'RDLAB_CUDA_SELFCHECK' });
      }
      return 'cpu';
    }
    if (device === 'cpu') return device;
    const m = pattern.exec(device);
    if (!m) throw new RangeError(`device '${device}': expected cpu, cuda, cuda:N or auto`);
    if (!i.cuda) throw new RangeError(`device '${device}': no usable CUDA device (${i.cudaStatus})`);
    const n = Number(m[1] ?? 0);
    if (n >= i.cudaDevices.length) throw new RangeError(`device '${device}': only ${i.cudaDevices.length} CUDA device(s)`);
    const name: DeviceName = `cuda:${n}`;
    if (selfCheckEnabled()) {
      const r = check(name);
      if (!r.ok) throw new Error(`device '${device}': the CUDA self-check ${describeSelfCheck(r)} (RDLAB_SELFCHECK=0 skips it)`);
    }
    return name;
  };
}

/**
 * 'auto' → 'cuda:0' when a GPU backend is usable and passes the self-check, else 'cpu' (with
 * one warning when the self-check failed); 'cuda' → 'cuda:0'; 'cuda:N' is checked against
 * the devices present. A RangeError names the device asked for and why it cannot be used;
 * an Error names the self-check case a GPU asked for explicitly failed.
 */
export const resolveDevice: (device: string) => DeviceName = deviceResolver(() => native.info(), cudaSelfCheck);

/** The device 'auto' resolves to: 'cuda:0' when a GPU backend is usable and passes its self-check, else 'cpu'. */
export function defaultDevice(): DeviceName {
  return resolveDevice('auto');
}
