import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.ts';

export interface Job {
  name: string;
  /** A node-cron expression. */
  schedule: string;
  run(now: Date): Promise<unknown>;
}

/** Runs jobs on their cron schedules; a job still running when its next tick comes is not started twice here. */
export function startScheduler(jobs: Job[], { logger, clock }: { logger: Logger; clock: () => Date }): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) => {
    let busy = false;
    return cron.schedule(job.schedule, () => {
      if (busy) return;
      busy = true;
      const work = job
        .run(clock())
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
