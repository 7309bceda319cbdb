import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Work nobody waits on, one batch at a time, in arrival order. A burst of it (hundreds of thread replies a
 * second, each acknowledged before it is stored) queues here instead of taking every connection of
 * PostgreSQL's pool, or the front of embedded PGlite's one query queue, from the people waiting for an
 * answer (a `/bug` opening its modal, a form being saved); and what queued while a batch ran goes next as
 * one batch (the jobs at the front that `together` says can share it, up to `max`), so the busier it gets
 * the fewer statements each job costs. A batch waits `lingerMs` for company before it runs: a statement
 * costs embedded PGlite about as much CPU for one reply as for twenty (planning it is most of the work), and
 * that CPU is the app's own.
 */
export class BatchingLane<J, R> {
  private readonly waiting: { job: J; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly options: {
      max: number;
      lingerMs?: number;
      together: (first: J, next: J) => boolean;
      /** One result per job, in order; a batch that throws is run again job by job, so a bad job fails alone. */
      run: (jobs: J[]) => Promise<R[]>;
    },
  ) {}

  /** How many jobs wait for their batch. */
  get queued(): number {
    return this.waiting.length;
  }

  add(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const { max, together, lingerMs = 0 } = this.options;
        if (lingerMs > 0 && this.waiting.length < max) await sleep(lingerMs);
        const first = this.waiting[0]!.job;
        let size = 1;
        while (size < max && size < this.waiting.length && together(first, this.waiting[size]!.job)) size += 1;
        await this.runBatch(this.waiting.splice(0, size));
      }
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: BatchingLane<J, R>['waiting']): Promise<void> {
    try {
      const results = await this.options.run(batch.map((entry) => entry.job));
      for (const [i, entry] of batch.entries()) entry.resolve(results[i]!);
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const entry of batch) await this.runBatch([entry]);
    }
  }
}
