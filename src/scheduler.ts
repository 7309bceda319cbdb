import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.ts';

export interface Job {
  name: string;
  /** A node-cron expression (5 fields, or 6 with seconds first). */
  schedule: string;
  /**
   * `now` is the clock's time (tests move it); `slot` is the firing node-cron scheduled, to the second: the same
   * on every instance, so jobs that must run once per firing can claim it by that key.
   */
  run(now: Date, slot: Date): Promise<unknown>;
}

/** Runs jobs on their cron schedules; a job still running when its next tick comes is not started twice here. */
export function startScheduler(jobs: Job[], { logger, clock }: { logger: Logger; clock: () => Date }): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) => {
    let busy = false;
    return cron.schedule(job.schedule, ({ date }) => {
      if (busy) return;
      busy = true;
      const work = job
        .run(clock(), date)
        .then((result) => logger.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job failed'))
        .finally(() => {
          busy = false;
          running.delete(work);
        });
      running.add(work);
    }, { name: job.name });
  });
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
      await Promise.all(running);
    },
  };
}
