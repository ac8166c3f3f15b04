/**
 * A network's per-batch-size workspaces (its pass outputs and gradients), made on first use
 * and kept outside any scope; the four batch sizes used last are kept, the oldest dropped.
 */
import { keep } from '../scope.js';

const KEPT_BATCH_SIZES = 4;

export class WorkspaceCache<W extends object> {
  private readonly byBatch = new Map<number, W>();

  constructor(private readonly make: (batch: number) => W) {}

  /** The workspace for this batch size, made (and kept from the caller's scope) if missing. */
  get(batch: number): W {
    let ws = this.byBatch.get(batch);
    if (!ws) {
      ws = keep(this.make(batch));
      if (this.byBatch.size >= KEPT_BATCH_SIZES) this.byBatch.delete(this.byBatch.keys().next().value as number);
      this.byBatch.set(batch, ws);
    }
    return ws;
  }
}
