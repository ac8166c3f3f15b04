/**
 * Device names and the one resolver from what a user asks for ('auto', 'cpu', 'cuda',
 * 'cuda:N') to the device tensors are made on.
 */
import { native } from './native.js';
import type { DeviceName } from './native.js';

export type { DeviceName };

/** What a caller may ask for: a device, 'cuda' (device 0), or 'auto' (a GPU when one is usable). */
export type DeviceRequest = DeviceName | 'cuda' | 'auto';

const pattern = /^cuda(?::(\d+))?$/;

/** True for the spellings {@link resolveDevice} accepts, without asking whether the device exists. */
export function isDeviceRequest(device: unknown): device is DeviceRequest {
  return device === 'auto' || device === 'cpu' || (typeof device === 'string' && pattern.test(device));
}

/**
 * 'auto' → 'cuda:0' when a GPU backend is usable, else 'cpu'; 'cuda' → 'cuda:0';
 * 'cuda:N' is checked against the devices present. A RangeError names the device asked for
 * and why it cannot be used.
 */
export function resolveDevice(device: string): DeviceName {
  const i = native.info();
  if (device === 'auto') return i.cuda ? 'cuda:0' : 'cpu';
  if (device === 'cpu') return device;
  const m = pattern.exec(device);
  if (!m) throw new RangeError(`device '${device}': expected cpu, cuda, cuda:N or auto`);
  if (!i.cuda) throw new RangeError(`device '${device}': no usable CUDA device (${i.cudaStatus})`);
  const n = Number(m[1] ?? 0);
  if (n >= i.cudaDevices.length) throw new RangeError(`device '${device}': only ${i.cudaDevices.length} CUDA device(s)`);
  return `cuda:${n}`;
}

/** The device 'auto' resolves to: 'cuda:0' when a GPU backend is usable, else 'cpu'. */
export function defaultDevice(): DeviceName {
  return resolveDevice('auto');
}
