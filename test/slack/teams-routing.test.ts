/**
 * Teams over real HTTP: filing goes to the channel's team (or the one chosen on the form), each team has
 * its own triage channel, cap and lists, `team:` chooses a list's team, and Move to team moves an item.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, itemHistory, stories, type Team } from '../../src/db/schema.ts';
import { type Actor, blockActions, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';
import { fileBugThrough, newActor, openBugModal, pressTriage, reload, submitView, validBug } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { openStoryModal, pressStory, reloadStory, writeStoryThrough } from '../support/story-flow.ts';
import { addTeam, defaultTeamOf, setDefaultTeam } from '../support/teams.ts';

describe.each(dbKinds)('teams on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A workspace with its default team (triage in C_TRIAGE_MAIN) and a second team, Web (intake C_WEB_<n>, triage C_TRIAGE_WEB, cap 1). */
  async function twoTeams(): Promise<{ actor: Actor; main: Team; web: Team; webChannel: string }> {
    const actor = newActor();
    const webChannel = `C_WEB_${randomUUID().slice(0, 6).toUpperCase()}`;
    const web = await addTeam(h.database.db, actor.teamId, { name: 'Web', channels: [webChannel], triageChannelId: 'C_TRIAGE_WEB', backlogCap: 1, triagerIds: ['UTRIAGEWEB'] });
    const main = await setDefaultTeam(h.database.db, actor.teamId, { name: 'Platform', autoNamed: false, triageChannelId: 'C_TRIAGE_MAIN' });
    return { actor, main, web, webChannel };
  }

  /** `/backlog text` in a channel, and the app's private answer. */
  async function backlogIn(actor: Actor, text: string, channelId: string) {
    const responseUrl = h.emulator.responseUrl();
    await sendSlashCommand(h.appUrl, { ...actor, command: '/backlog', text, channelId, responseUrl });
    const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && !c.failed));
    return { text: String(call.params.text), blocks: JSON.stringify(call.params.blocks ?? []) };
  }

  /** Moves an item with the Move to team select on its message, and returns the private answer. */
  async function moveTo(actor: Actor, item: { type: 'bug' | 'story'; id: number }, teamId: number) {
    const responseUrl = h.emulator.responseUrl();
    const action = { action_id: 'item_move_team_select', block_id: `item_move:${item.type}:${item.id}`, type: 'static_select', selected_option: { text: { type: 'plain_text' as const, text: 'team' }, value: String(teamId) } };
    const response = await sendInteraction(h.appUrl, blockActions(actor, action, { channelId: 'C_TRIAGE_WEB', messageTs: '1.1', responseUrl }));
    expect(response.status).toBe(200);
    const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && !c.failed));
    return String(call.params.text);
  }

  const teamSelectOf = (view: any) => view.blocks.find((b: any) => b.block_id === 'team_block');

  it('when a workspace has one team, then the forms have no Team field and lists name no team', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'Alone');
    expect(teamSelectOf(view)).toBeUndefined();
    await fileBugThrough(h, actor, 'Alone');
    const answer = await backlogIn(actor, 'list', 'C_GENERAL');
    expect(answer.text).not.toMatch(/team/i);
    expect(answer.blocks).not.toMatch(/team /i);
  });

  it('when /bug runs in a team intake channel, then the Team field preselects that team and the bug is triaged in its triage channel', async () => {
    const { actor, main, web, webChannel } = await twoTeams();
    const view = await openBugModal(h, actor, 'Checkout fails', webChannel);
    const select = teamSelectOf(view);
    expect(select.label.text).toBe('Team');
    expect(select.element.options.map((o: any) => o.text.text)).toEqual(['Platform', 'Web']);
    expect(select.element.initial_option.value).toBe(String(web.id));
    expect((await submitView(h, view, { ...validBug, summary_block: 'Checkout fails' }, actor)).body).toBeUndefined();
    const [bug] = await h.database.db.select().from(bugs).where(eq(bugs.sourceViewId, view.id));
    expect(bug!.teamId).toBe(web.id);
    const triage = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_TRIAGE_WEB' && String(c.params.text).startsWith(`BUG-${bug!.number}`)));
    expect(JSON.stringify(triage.params.blocks)).toContain('*Team*\\nWeb');
    // The team's triagers are named on it, so Slack tells them.
    expect(JSON.stringify(triage.params.blocks)).toContain('Triagers: <@UTRIAGEWEB>');

    // Elsewhere the default team is preselected, and the reporter may choose another.
    const general = await openBugModal(h, actor, 'Search is slow', 'C_GENERAL');
    expect(teamSelectOf(general).element.initial_option.value).toBe(String(main.id));
    expect((await submitView(h, general, { ...validBug, summary_block: 'Search is slow', team_block: String(web.id) }, actor)).body).toBeUndefined();
    const [chosen] = await h.database.db.select().from(bugs).where(eq(bugs.sourceViewId, general.id));
    expect(chosen!.teamId).toBe(web.id);
  });

  it('when the team chosen on the form was archived meanwhile, then the Team field says so and nothing is filed', async () => {
    const { actor, web, webChannel } = await twoTeams();
    const view = await openBugModal(h, actor, 'Too late', webChannel);
    const gone = await addTeam(h.database.db, actor.teamId, { name: 'Gone', archivedAt: new Date() });
    const answer = await submitView(h, view, { ...validBug, summary_block: 'Too late', team_block: String(gone.id) }, actor);
    expect(answer.body).toEqual({ response_action: 'errors', errors: { team_block: expect.stringMatching(/archived/) } });
    // Another workspace's team is never found either.
    const other = await addTeam(h.database.db, newActor().teamId, { name: 'Elsewhere' });
    const forged = await submitView(h, view, { ...validBug, summary_block: 'Too late', team_block: String(other.id) }, actor);
    expect(forged.body?.errors?.team_block).toMatch(/archived|no longer exists/);
    expect(await h.database.db.select().from(bugs).where(eq(bugs.sourceViewId, view.id))).toEqual([]);
    expect(web.archivedAt).toBeNull();
  });

  it('when two teams fill their backlogs, then each cap counts only its own ready stories', async () => {
    const { actor, webChannel } = await twoTeams();
    const first = await writeStoryThrough(h, actor, { title_block: 'Web one' }, webChannel);
    const second = await writeStoryThrough(h, actor, { title_block: 'Web two' }, webChannel);
    const platform = await writeStoryThrough(h, actor, { title_block: 'Platform one' }, 'C_PRODUCT');
    await pressStory(h, actor, first, 'ready');
    await expect.poll(async () => (await reloadStory(h, first)).status).toBe('ready');
    // Web's cap is 1: its second story opens the swap modal instead.
    await pressStory(h, actor, second, 'ready');
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && JSON.stringify(c.params.view).includes('Web one')));
    expect((await reloadStory(h, second)).status).toBe('idea');
    await pressStory(h, actor, platform, 'ready');
    await expect.poll(async () => (await reloadStory(h, platform)).status).toBe('ready');
  });

  it('when /backlog lists in a team channel, elsewhere, or with team:, then it shows that team, every team, or the named one', async () => {
    const { actor, webChannel } = await twoTeams();
    const webBug = await fileBugThrough(h, actor, 'Web bug here', webChannel);
    const mainBug = await fileBugThrough(h, actor, 'Platform bug here', 'C_GENERAL');
    const inWeb = await backlogIn(actor, 'list bugs', webChannel);
    expect(inWeb.text).toMatch(/team Web: 1$/);
    expect(inWeb.blocks).toContain(`BUG-${webBug.number}*`);
    expect(inWeb.blocks).not.toContain(`BUG-${mainBug.number}*`);

    const everywhere = await backlogIn(actor, 'list bugs', 'C_GENERAL');
    expect(everywhere.text).toMatch(/all teams: 2$/);
    expect(everywhere.blocks).toContain('team Web');
    expect(everywhere.blocks).toContain('team Platform');

    const named = await backlogIn(actor, 'triage team:platform', webChannel);
    expect(named.text).toMatch(/team Platform: 1$/);
    const quoted = await backlogIn(actor, 'search bug team:"WEB"', 'C_GENERAL');
    expect(quoted.text).toMatch(/team Web: 1$/);

    const unknown = await backlogIn(actor, 'list team:<!channel>', 'C_GENERAL');
    expect(unknown.text).toContain('No team “&lt;!channel&gt;” in this workspace. Its teams: `Platform`, `Web`');
    // Keys are workspace-wide: show finds a bug of any team from any channel, and names its team.
    const shown = await backlogIn(actor, `show BUG-${webBug.number}`, 'C_ELSEWHERE');
    expect(shown.blocks).toContain('*Team*\\nWeb');
    expect(shown.blocks).toContain('item_move:bug:');
  });

  it('when a bug is moved to another team, then it keeps its key, history records both sides, its thread is told and it is triaged in the new team', async () => {
    const { actor, main, web, webChannel } = await twoTeams();
    const bug = await fileBugThrough(h, actor, 'Move me', webChannel);
    expect(bug.triageChannelId).toBe('C_TRIAGE_WEB');
    const answer = await moveTo(actor, { type: 'bug', id: bug.id }, main.id);
    expect(answer).toBe(`Moved BUG-${bug.number} to the team Platform.`);
    const moved = await reload(h, bug);
    expect([moved.teamId, moved.number]).toEqual([main.id, bug.number]);
    const history = await h.database.db
      .select({ action: itemHistory.action, teamId: itemHistory.teamId })
      .from(itemHistory)
      .where(and(eq(itemHistory.itemType, 'bug'), eq(itemHistory.itemId, bug.id)))
      .orderBy(asc(itemHistory.id));
    expect(history).toEqual([
      { action: 'created', teamId: web.id },
      { action: 'left_team', teamId: web.id },
      { action: 'joined_team', teamId: main.id },
    ]);
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.thread_ts === bug.threadTs && String(c.params.text).includes('to the team Platform')));
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_TRIAGE_MAIN' && String(c.params.text).startsWith(`BUG-${bug.number}`)));
    const old = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.ts === bug.triageTs && String(c.params.text).includes('moved to the team Platform')));
    expect(JSON.stringify(old.params.blocks)).not.toContain('bug_ratings');
    await expect.poll(async () => (await reload(h, bug)).triageChannelId).toBe('C_TRIAGE_MAIN');

    // Moving it again to where it is, or once it is closed, is refused and changes nothing.
    expect(await moveTo(actor, { type: 'bug', id: bug.id }, main.id)).toMatch(/already in the team Platform/);
    await h.database.db.update(bugs).set({ status: 'resolved', resolution: 'fixed' }).where(eq(bugs.id, bug.id));
    expect(await moveTo(actor, { type: 'bug', id: bug.id }, web.id)).toMatch(/closed.*only open items move/);
    expect((await reload(h, bug)).teamId).toBe(main.id);
  });

  it("when an item would move into another workspace's team, then nothing moves", async () => {
    const { actor, web, webChannel } = await twoTeams();
    const bug = await fileBugThrough(h, actor, 'Stay here', webChannel);
    const elsewhere = await addTeam(h.database.db, newActor().teamId, { name: 'Theirs' });
    expect(await moveTo(actor, { type: 'bug', id: bug.id }, elsewhere.id)).toMatch(/not in this workspace/);
    // Nor can another workspace move this one's bug.
    const stranger = { ...newActor(), userId: actor.userId };
    expect(await moveTo(stranger, { type: 'bug', id: bug.id }, elsewhere.id)).toMatch(/not in this workspace/);
    expect((await reload(h, bug)).teamId).toBe(web.id);
  });

  it('when a ready story moves into a team whose backlog is full, then it arrives there as an idea', async () => {
    const { actor, web } = await twoTeams();
    const filler = await writeStoryThrough(h, actor, { title_block: 'Fills web' }, 'C_PRODUCT');
    const story = await writeStoryThrough(h, actor, { title_block: 'Ready in platform' }, 'C_PRODUCT');
    await h.database.db.update(stories).set({ teamId: web.id, status: 'ready' }).where(eq(stories.id, filler.id));
    await pressStory(h, actor, story, 'ready');
    await expect.poll(async () => (await reloadStory(h, story)).status).toBe('ready');
    const answer = await moveTo(actor, { type: 'story', id: story.id }, web.id);
    expect(answer).toMatch(/Moved STORY-\d+ to the team Web\. Its backlog is full \(1 ready\), so it arrives there as an idea\./);
    expect(await reloadStory(h, story)).toMatchObject({ teamId: web.id, status: 'idea' });
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.thread_ts === story.threadTs && String(c.params.text).includes('arrives there as an idea')));
  });

  it('when someone asks for information on a bug while another moves it, then it ends in one consistent state', async () => {
    const { actor, main, webChannel } = await twoTeams();
    const bug = await fileBugThrough(h, actor, 'Race me', webChannel);
    const [, answer] = await Promise.all([pressTriage(h, actor, bug, 'needs_info'), moveTo(actor, { type: 'bug', id: bug.id }, main.id)]);
    expect(answer).toMatch(/Moved BUG-/);
    // Both lock the bug's row: whichever came second saw the first, so both changes hold, each recorded once.
    await expect.poll(async () => (await reload(h, bug)).status).toBe('needs_info');
    expect((await reload(h, bug)).teamId).toBe(main.id);
    const history = await h.database.db.select({ action: itemHistory.action }).from(itemHistory).where(and(eq(itemHistory.itemType, 'bug'), eq(itemHistory.itemId, bug.id)));
    expect(history.map((row) => row.action).sort()).toEqual(['created', 'joined_team', 'left_team', 'needs_info']);
  });

  it('when the story form opens in a team channel, then it preselects the team, and the story is that team\'s', async () => {
    const { actor, web, webChannel } = await twoTeams();
    const view = await openStoryModal(h, actor, 'A web story', webChannel);
    expect(teamSelectOf(view).element.initial_option.value).toBe(String(web.id));
    const story = await writeStoryThrough(h, actor, { title_block: 'Web story' }, webChannel);
    expect(story.teamId).toBe(web.id);
    expect((await defaultTeamOf(h.database.db, actor.teamId)).id).not.toBe(web.id);
  });
});
