import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ecsqHighRateGapBits, ecsqHighRateGapDecibels } from '../../lib/bounds/index.js';

test('high-rate ECSQ gap: 0.2546 bits, 1.53 dB, consistent with 6.02 dB/bit', () => {
  assert.ok(Math.abs(ecsqHighRateGapBits - 0.2546) < 5e-5);
  assert.ok(Math.abs(ecsqHighRateGapDecibels - 1.533) < 5e-4);
  // 1 bit of rate is 20 log10 2 dB of distortion.
  assert.ok(Math.abs(ecsqHighRateGapDecibels - ecsqHighRateGapBits * 20 * Math.log10(2)) < 1e-12);
});

test.run();
