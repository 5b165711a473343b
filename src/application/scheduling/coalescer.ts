interface Waiting<In, Out> {
  readonly item: In;
  readonly resolve: (out: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the calls made while one batch is being handled (or within the same turn of the event
 * loop) and hands them to `handle` together: many concurrent callers share one round trip. One
 * batch is handled at a time, at most `maxBatch` items; each caller gets its own result, or the
 * batch's fault.
 */
export class Coalescer<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private busy = false;

  constructor(
    private readonly handle: (items: readonly In[]) => Promise<readonly Out[]>,
    private readonly maxBatch = 1_000,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.handle(batch.map((waiting) => waiting.item));
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} got ${results.length} results`);
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.busy = false;
  }
}
