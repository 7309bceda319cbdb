import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs } from '../../src/db/schema.ts';
import { newActor, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { messageShortcut, sendInteraction } from '../../src/sandbox/deliver.ts';

describe.each(dbKinds)('"Report as bug" on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const shortcutOn = async (text: string, ts: string, responseUrl = h.emulator.responseUrl()) => {
    const reporter = newActor();
    const payload = messageShortcut(reporter, 'report_as_bug', { channelId: 'C_REPORTS', ts, text }, responseUrl);
    await sendInteraction(h.appUrl, payload);
    return { reporter, triggerId: payload.trigger_id as string };
  };
  const initialValues = (view: any) => Object.fromEntries(view.blocks.filter((b: any) => b.element).map((b: any) => [b.block_id, b.element.initial_value]));

  it('when the message holds escaped characters, mentions and links, then the form shows them as a person would read them', async () => {
    const { triggerId } = await shortcutOn('Price shows &lt;NaN&gt; &amp; crashes for <@U123|bob>\nsee <https://x.example/a|the docs>', '1700000001.000100');
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    expect(initialValues(open.params.view)).toMatchObject({
      summary_block: 'Price shows <NaN> & crashes for @bob',
      actual_block: 'Price shows <NaN> & crashes for @bob\nsee the docs (https://x.example/a)',
    });
  });

  it('when the first line is longer than a summary may be, then it is cut to 150 characters ending in "…"', async () => {
    const { triggerId } = await shortcutOn(`${'word '.repeat(60)}\nsecond line`, '1700000002.000100');
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    const summary = initialValues(open.params.view).summary_block as string;
    expect([...summary]).toHaveLength(150);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('when Slack is slow to give the permalink, then the form opens without waiting and gets the link once it comes', async () => {
    h.emulator.failNext('chat.getPermalink', { delayMs: 1800 });
    const started = Date.now();
    const { reporter, triggerId } = await shortcutOn('Slow permalink', '1700000003.000100');
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    expect(open.at - started).toBeLessThan(1700);
    expect(JSON.parse(open.params.view.private_metadata).permalink).toBeUndefined();
    const update = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.update' && c.params.view.private_metadata?.includes('1700000003.000100')), 5000);
    expect(JSON.parse(update.params.view.private_metadata).permalink).toBe('https://emulator.slack.test/archives/C_REPORTS/p1700000003000100');

    const view = { ...update.params.view, id: `VSLOWLINK${Date.now()}` };
    expect((await submitView(h, view, { summary_block: 'Slow permalink', steps_block: 's', expected_block: 'e', actual_block: 'a' }, reporter)).body).toBeUndefined();
    const [bug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, reporter.teamId));
    expect(bug?.sourcePermalink).toBe('https://emulator.slack.test/archives/C_REPORTS/p1700000003000100');
  });

  it('when Slack will not open the form, then the reporter is told privately and nothing is filed', async () => {
    h.emulator.failNext('views.open', { error: 'expired_trigger_id' });
    const responseUrl = h.emulator.responseUrl();
    const { reporter } = await shortcutOn('Cannot open', '1700000004.000100', responseUrl);
    const told = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
    expect(told.params.text).toMatch(/would not open the bug form/);
    expect(await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, reporter.teamId))).toEqual([]);
  });
});
