import { describe, expect, it } from 'vitest';
import { BatchingLane } from '../src/lane.ts';

type Job = { kind: 'add' | 'other'; n: number };

describe('a lane for work nobody waits on', () => {
  it('when 30 jobs arrive at once, then they run one batch at a time, in order, batched while they share a kind, at most 10 a batch', async () => {
    const batches: number[][] = [];
    let running = 0;
    const lane = new BatchingLane<Job, number>({
      max: 10,
      together: (first, next) => first.kind === 'add' && next.kind === 'add',
      run: async (jobs) => {
        running += 1;
        expect(running).toBe(1);
        batches.push(jobs.map((job) => job.n));
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
        return jobs.map((job) => job.n * 2);
      },
    });
    const jobs = Array.from({ length: 30 }, (_, n) => lane.add({ kind: n === 15 ? 'other' : 'add', n }));
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 30 }, (_, n) => n * 2));
    // The first job runs alone (nothing had queued yet); then what queued behind it, in batches.
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14], [15], [16, 17, 18, 19, 20, 21, 22, 23, 24, 25], [26, 27, 28, 29]]);
    expect(lane.queued).toBe(0);
  });

  it('when a batch fails, then its jobs run again one by one, and only the bad one fails', async () => {
    const lane = new BatchingLane<Job, number>({
      max: 10,
      together: () => true,
      run: async (jobs) => {
        if (jobs.some((job) => job.n === 3)) throw new Error('bad job 3');
        return jobs.map((job) => job.n);
      },
    });
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => lane.add({ kind: 'add', n })));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([0, 1, 2, 'bad job 3', 4, 5]);
  });

  it('when jobs trickle in within the linger, then they wait for one another and share a batch', async () => {
    const batches: number[][] = [];
    const run = async (jobs: Job[]) => {
      batches.push(jobs.map((job) => job.n));
      return jobs.map((job) => job.n);
    };
    const lane = new BatchingLane<Job, number>({ max: 10, lingerMs: 30, together: () => true, run });
    const first = lane.add({ kind: 'add', n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = lane.add({ kind: 'add', n: 2 });
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });
});
