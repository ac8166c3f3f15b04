/** Losses computed on the device; the value stays there until read (every N steps, not every step). */
import { native } from '../native.js';
import { empty, requireTensor, type Tensor } from '../tensor.js';

/**
 * Mean squared error over all elements, mean((yhat - y)^2), written to `loss` [1];
 * `grad` (same shape as yhat) receives gradScale · d loss / d yhat = gradScale · 2 (yhat - y) / n
 * when given (gradScale folds a loss weight such as λ into the gradient).
 */
export function mseLoss(yhat: Tensor, y: Tensor, grad: Tensor | null = null, loss: Tensor = empty([1], 'float32', requireTensor('yhat', yhat).device), gradScale = 1): Tensor {
  native.mse(yhat, y, grad, loss, gradScale);
  return loss;
}
