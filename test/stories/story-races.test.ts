import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemHistory, type Story } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { pressStory, reloadStory, type StoryControl, writeStoryThrough } from '../support/story-flow.ts';

describe.each(dbKinds)('story moves pressed at the same moment on %s', (kind) => {
  let h: Harness;
  /** Every error the app logs; a deadlock or an unhandled listener error shows up here. */
  const errors: string[] = [];
  beforeAll(async () => {
    const logger = createLogger('error', { write: (line: string) => void errors.push(line) });
    h = await startHarness(kind, { logger });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const historyOf = (story: Story) =>
    h.database.db.select().from(itemHistory).where(and(eq(itemHistory.itemType, 'story'), eq(itemHistory.itemId, story.id))).orderBy(itemHistory.id);

  /** Presses Ready and `other` on each of `count` fresh ideas at once, and returns the stories as they end. */
  async function race(other: StoryControl, count: number): Promise<Story[]> {
    const actor = newActor();
    const written: Story[] = [];
    for (let i = 0; i < count; i += 1) written.push(await writeStoryThrough(h, actor));
    for (const story of written) {
      await Promise.all([pressStory(h, { ...actor, userId: 'UALICE' }, story, 'ready'), pressStory(h, { ...actor, userId: 'UBOB' }, story, other)]);
    }
    // Both presses are acknowledged at once and done later: wait until every story has left `idea`, then a little more.
    await expect.poll(async () => (await Promise.all(written.map((s) => reloadStory(h, s)))).every((s) => s.status !== 'idea'), { timeout: 10_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return Promise.all(written.map((s) => reloadStory(h, s)));
  }

  it("when Ready and Won't do are pressed together on the same idea, again and again, then neither fails and each story ends won't do", async () => {
    errors.length = 0;
    const ended = await race('wont_do', 8);
    // In either order the result is won't do: Ready then Won't do, or Won't do and a refused Ready.
    expect(ended.map((s) => s.status)).toEqual(ended.map(() => 'wont_do'));
    for (const story of ended) {
      const history = await historyOf(story);
      expect(history.at(-1)?.toStatus).toBe('wont_do');
      expect(history.filter((entry) => entry.action === 'wont_do')).toHaveLength(1);
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('when Ready and Start are pressed together on the same idea, again and again, then neither fails and the history matches the status', async () => {
    errors.length = 0;
    const ended = await race('start', 8);
    for (const story of ended) {
      expect(['ready', 'in_progress']).toContain(story.status);
      const history = await historyOf(story);
      expect(history.map((entry) => entry.toStatus).slice(1)).toEqual(story.status === 'ready' ? ['ready'] : ['ready', 'in_progress']);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});
