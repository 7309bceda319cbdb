import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, stories, type Team } from '../../src/db/schema.ts';
import { sendEvent } from '../../src/sandbox/deliver.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { viewLimitProblems } from '../support/slack-limits.ts';
import { addTeam, workspaceWithSettings } from '../support/teams.ts';

describe.each(dbKinds)('the App Home tab of a workspace with several teams on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function openHome(actor: { teamId: string; userId: string }) {
    const mine = (calls: typeof h.emulator.calls) => calls.filter((c) => c.method === 'views.publish' && c.params.user_id === actor.userId);
    const before = mine(h.emulator.calls).length;
    await sendEvent(h.appUrl, actor.teamId, { type: 'app_home_opened', user: actor.userId, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const publish = await h.emulator.waitFor((calls) => mine(calls).length > before && mine(calls).at(-1));
    expect(publish.response?.ok).toBe(true);
    expect(viewLimitProblems(publish.params.view)).toEqual([]);
    return publish.params.view.blocks as any[];
  }
  const healthSections = (blocks: any[]) => blocks.filter((b) => String(b.block_id ?? '').startsWith('health_block'));
  const teamNames = (blocks: any[]) => healthSections(blocks).map((b) => b.text?.text);

  /** Platform (default, cap 10) with 2 ready stories and a critical bug; Mobile (cap 3, stale after 7 days) with 1 ready story and 2 untriaged bugs; Web (empty). */
  async function threeTeams() {
    const actor = newActor();
    const workspaceId = actor.teamId;
    const platform = await workspaceWithSettings(h.database.db, { id: workspaceId, bugSeq: 10, storySeq: 10 }, { name: 'Platform', autoNamed: false, backlogCap: 10 });
    const mobile = await addTeam(h.database.db, workspaceId, { name: 'Mobile', channels: [`C${workspaceId}_MOBILE`, `G${workspaceId}_MOBILE_PRIVATE`], backlogCap: 3, staleAfterDays: 7 });
    const web = await addTeam(h.database.db, workspaceId, { name: 'Web', channels: [`C${workspaceId}_WEB`] });
    const story = (team: Team, number: number) => ({ workspaceId, teamId: team.id, number, title: `Story ${number}`, persona: 'p', want: 'w', benefit: 'b', criteria: 'c', status: 'ready' as const, reporterId: 'UREP' });
    await h.database.db.insert(stories).values([story(platform, 1), story(platform, 2), story(mobile, 3)]);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const bug = (team: Team, number: number, extra: Partial<typeof bugs.$inferInsert> = {}) => ({ workspaceId, teamId: team.id, number, summary: `Bug ${number}`, steps: 's', expected: 'e', actual: 'a', reporterId: actor.userId, ...extra });
    await h.database.db.insert(bugs).values([
      bug(platform, 1, { status: 'triaged', probability: 5, impact: 5, updatedAt: tenDaysAgo }),
      bug(mobile, 2, { updatedAt: tenDaysAgo }),
      bug(mobile, 3),
    ]);
    return { actor, workspaceId, platform, mobile, web };
  }

  it("when a person is in a team's intake channel, then Home shows that team's health only, named, with its own numbers", async () => {
    const { actor, workspaceId } = await threeTeams();
    h.emulator.channelMembers.set(`C${workspaceId}_MOBILE`, [actor.userId]);
    h.emulator.channelMembers.set(`C${workspaceId}_ELSEWHERE`, [actor.userId]);
    const blocks = await openHome(actor);
    expect(teamNames(blocks)).toEqual(['*Mobile*']);
    const fields = JSON.stringify(healthSections(blocks)[0].fields);
    expect(fields).toContain('1 of 3');
    expect(fields).toContain('critical 0 · high 0 · medium 0 · low 0 · unrated 2');
    expect(fields).toMatch(/Untriaged bugs\*\\n2/);
    const asked = h.emulator.callsTo('users.conversations').filter((c) => c.params.user === actor.userId);
    expect(asked.map((c) => [c.params.types, String(c.params.exclude_archived)])).toEqual([['public_channel,private_channel', 'true']]);
    // My reports keep every team's items; each is stale by its own team's rule (Mobile: 7 days, Platform: 30).
    const controls = blocks.filter((b) => b.type === 'actions' && String(b.block_id).startsWith('stale_controls:'));
    expect(controls).toHaveLength(1);
    expect(JSON.stringify(blocks)).toContain('*BUG-1* Bug 1');
  });

  it('when a private intake channel is theirs, then that team is theirs too', async () => {
    const { actor, workspaceId } = await threeTeams();
    h.emulator.channels.set(`G${workspaceId}_MOBILE_PRIVATE`, { is_private: true, is_member: true });
    h.emulator.channelMembers.set(`G${workspaceId}_MOBILE_PRIVATE`, [actor.userId]);
    h.emulator.channelMembers.set(`C${workspaceId}_WEB`, [actor.userId]);
    expect(teamNames(await openHome(actor))).toEqual(['*Mobile*', '*Web*']);
  });

  it("when a person is in none of the teams' intake channels, then Home shows every team, the default first, each with its numbers", async () => {
    const { actor } = await threeTeams();
    const blocks = await openHome(actor);
    expect(teamNames(blocks)).toEqual(['*Platform*', '*Mobile*', '*Web*']);
    const [platform, mobile, web] = healthSections(blocks).map((b) => JSON.stringify(b.fields));
    expect(platform).toContain('2 of 10');
    expect(platform).toContain('critical 1 · high 0 · medium 0 · low 0 · unrated 0');
    expect(mobile).toContain('1 of 3');
    expect(web).toContain('0 of 25');
    expect(web).toContain('unrated 0');
  });

  it("when Slack cannot say which channels the person is in, then Home shows every team", async () => {
    const { actor, workspaceId } = await threeTeams();
    h.emulator.channelMembers.set(`C${workspaceId}_MOBILE`, [actor.userId]);
    h.emulator.failNext('users.conversations', { error: 'missing_scope', match: (p) => p.user === actor.userId });
    expect(teamNames(await openHome(actor))).toEqual(['*Platform*', '*Mobile*', '*Web*']);
    expect(h.emulator.callsTo('users.conversations').filter((c) => c.params.user === actor.userId).map((c) => c.failed)).toEqual([true]);
  });

  it("when the person is in hundreds of channels, then their teams are found on a later page", async () => {
    const { actor, workspaceId } = await threeTeams();
    for (let i = 0; i < 250; i += 1) h.emulator.channelMembers.set(`C${workspaceId}_CROWD${i}`, [actor.userId]);
    h.emulator.channelMembers.set(`C${workspaceId}_WEB`, [actor.userId]);
    expect(teamNames(await openHome(actor))).toEqual(['*Web*']);
    const pages = h.emulator.callsTo('users.conversations').filter((c) => c.params.user === actor.userId);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('when the workspace has 50 teams and both lists are full, then Home shows 5 teams and "and 45 more teams", within 100 blocks', async () => {
    const actor = newActor();
    const workspaceId = actor.teamId;
    await workspaceWithSettings(h.database.db, { id: workspaceId }, { name: 'Team 00', autoNamed: false });
    for (let i = 1; i < 50; i += 1) await addTeam(h.database.db, workspaceId, { name: `Team ${String(i).padStart(2, '0')}`, channels: [`C${workspaceId}_${i}`] });
    await h.database.db.insert(bugs).values(
      Array.from({ length: 15 }, (_, i) => ({
        workspaceId, number: i + 1, summary: `Stale ${i + 1}`, steps: 's', expected: 'e', actual: 'a', reporterId: actor.userId, ownerId: actor.userId, channelId: 'C_X', updatedAt: sql`now() - interval '40 days'`,
      })),
    );
    const blocks = await openHome(actor);
    expect(teamNames(blocks)).toEqual(['*Team 00*', '*Team 01*', '*Team 02*', '*Team 03*', '*Team 04*']);
    expect(blocks.find((b) => b.block_id === 'health_more_block').elements[0].text).toBe('and 45 more teams — `/backlog teams` lists them all');
    expect(blocks).toHaveLength(54);
    expect(blocks.filter((b) => b.type === 'header').map((b) => b.text.text)).toEqual(['Backlog health', 'My reports', 'Assigned to me']);

    // In the intake channels of 7 teams: those 7, cut the same way.
    for (let i = 1; i <= 7; i += 1) h.emulator.channelMembers.set(`C${workspaceId}_${i}`, [actor.userId]);
    const theirs = await openHome(actor);
    expect(teamNames(theirs)).toEqual(['*Team 01*', '*Team 02*', '*Team 03*', '*Team 04*', '*Team 05*']);
    expect(theirs.find((b) => b.block_id === 'health_more_block').elements[0].text).toBe('and 2 more teams — `/backlog teams` lists them all');
  });

  it('when a team is named like a mention, then Home shows the name and pings no one', async () => {
    const actor = newActor();
    await workspaceWithSettings(h.database.db, { id: actor.teamId }, {});
    await addTeam(h.database.db, actor.teamId, { name: '<!here> & co' });
    const blocks = await openHome(actor);
    expect(teamNames(blocks)).toContain('*&lt;!here&gt; &amp; co*');
  });
});
