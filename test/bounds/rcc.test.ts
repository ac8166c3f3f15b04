import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rccRateGuarantee } from '../../lib/bounds/index.js';

test('R + log2(R+1) + 5 at points where log2(R+1) is exact', () => {
  assert.is(rccRateGuarantee(3), 3 + 2 + 5);
  assert.is(rccRateGuarantee(7), 7 + 3 + 5);
  assert.ok(Math.abs(rccRateGuarantee(1.5) - (6.5 + Math.log(2.5) / Math.LN2)) < 1e-14);
});

test('bad arguments throw naming the argument', () => {
  assert.throws(() => rccRateGuarantee(-0.5), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
  assert.throws(() => rccRateGuarantee(undefined as unknown as number), (e: Error) => e instanceof TypeError && /rateBits/.test(e.message));
});

test.run();
