import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/client.ts';
import { bugs, stories, teamChannels, teams, workspaces } from '../../src/db/schema.ts';
import { teamOfChannel } from '../../src/teams/team-store.ts';
import { fileBugThrough, newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { messageLimitProblems, unexpectedAngles, viewLimitProblems } from '../support/slack-limits.ts';
import { backlog, writeStoryThrough } from '../support/story-flow.ts';
import { addTeamModal, editTeamModal, insertTeam, pressAddTeam, pressEditTeam, pressTeamControl, submitTeam, teamsOf } from '../support/team-flow.ts';
import { defaultTeamOf } from '../support/teams.ts';

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: any; elements?: any[] };

const blockOf = (answer: { blocks: Block[] }, blockId: string) => answer.blocks.find((b) => b.block_id === blockId);
const inputOf = (view: any, blockId: string) => view.blocks.find((b: any) => b.block_id === blockId);

describe.each(dbKinds)('teams: /backlog teams and the team modal on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A workspace with a row (so a default team), and an admin of it. */
  async function workspaceWithAdmin() {
    const admin = newActor();
    h.emulator.users.set(admin.userId, { is_admin: true, real_name: 'Grace Admin' });
    await h.database.db.insert(workspaces).values({ id: admin.teamId, installerUserId: 'UINSTALLER' });
    return admin;
  }

  it('when a workspace has one team, then /backlog teams names it after the workspace and shows its counts, with Edit and Add team for an admin', async () => {
    const reporter = newActor();
    await fileBugThrough(h, reporter, 'Checkout freezes');
    await writeStoryThrough(h, reporter);
    const admin = { teamId: reporter.teamId, userId: 'UADMINONE' };
    h.emulator.users.set(admin.userId, { is_admin: true });
    const answer = await backlog(h, admin, 'teams');
    expect(h.emulator.callsTo('team.info').some((c) => c.params.team === reporter.teamId)).toBe(true);
    const team = await defaultTeamOf(h.database.db, reporter.teamId);
    // The stand-in calls a workspace by its id.
    expect([team.name, team.autoNamed]).toEqual([reporter.teamId, false]);
    expect(answer.response_type).toBe('ephemeral');
    expect(blockOf(answer, 'teams_heading')!.text!.text).toContain('*1 team.*');
    const line = blockOf(answer, `team:${team.id}`)!;
    expect(line.text!.text).toBe(`*${reporter.teamId}* (default team)\nIntake: every channel that is no other team's\nReady stories 0/25 · Open bugs 1`);
    expect(line.accessory).toMatchObject({ type: 'button', action_id: 'team_edit_button', value: String(team.id), text: { text: 'Edit' } });
    expect(blockOf(answer, 'teams_actions')!.elements!.map((e) => [e.action_id, e.text?.text])).toEqual([['team_add_button', 'Add team']]);
  });

  it('when Slack will not say the workspace name, then the list still comes, with the default team unrenamed', async () => {
    const admin = await workspaceWithAdmin();
    h.emulator.failNext('team.info', { error: 'missing_scope', match: (params) => params.team === admin.teamId });
    const answer = await backlog(h, admin, 'teams');
    expect(h.emulator.callsTo('team.info').filter((c) => c.params.team === admin.teamId).map((c) => c.failed)).toEqual([true]);
    const team = await defaultTeamOf(h.database.db, admin.teamId);
    expect([team.name, team.autoNamed]).toEqual(['Default team', true]);
    expect(blockOf(answer, `team:${team.id}`)!.text!.text).toContain('*Default team* (default team)');
  });

  it('when a workspace has several teams, then each is listed with its intake channels, ready stories against its cap and open bugs', async () => {
    const admin = await workspaceWithAdmin();
    const { db } = h.database;
    const payments = await insertTeam(db, admin.teamId, 'Payments', ['C_PAY', 'C_PAY_BUGS']);
    const mobile = await insertTeam(db, admin.teamId, 'Mobile <&>');
    await db.update(teams).set({ backlogCap: 5 }).where(eq(teams.id, payments.id));
    const bug = await fileBugThrough(h, admin, 'Refund fails');
    const story = await writeStoryThrough(h, admin);
    await db.update(bugs).set({ teamId: payments.id }).where(eq(bugs.id, bug.id));
    await db.update(stories).set({ teamId: payments.id, status: 'ready' }).where(eq(stories.id, story.id));
    const answer = await backlog(h, admin, 'teams');
    const fallback = await defaultTeamOf(db, admin.teamId);
    expect(answer.blocks.map((b) => b.block_id)).toEqual(['teams_heading', `team:${fallback.id}`, `team:${mobile.id}`, `team:${payments.id}`, 'teams_actions']);
    expect(blockOf(answer, 'teams_heading')!.text!.text).toContain('*3 teams.*');
    expect(blockOf(answer, `team:${payments.id}`)!.text!.text).toBe('*Payments*\nIntake: <#C_PAY>, <#C_PAY_BUGS>\nReady stories 1/5 · Open bugs 1');
    expect(blockOf(answer, `team:${mobile.id}`)!.text!.text).toBe('*Mobile &lt;&amp;&gt;*\nIntake: no channel yet\nReady stories 0/25 · Open bugs 0');
    expect(blockOf(answer, `team:${fallback.id}`)!.text!.text).toMatch(/Ready stories 0\/25 · Open bugs 0$/);
    expect(unexpectedAngles(JSON.stringify(answer.blocks.map((b) => b.text?.text ?? '')).replace(/<#C_PAY(_BUGS)?>/g, ''), [])).toEqual([]);
  });

  it('when an admin adds a team, then it is saved with its settings, triagers and intake channels, and those channels are its own', async () => {
    const admin = await workspaceWithAdmin();
    const view = await addTeamModal(h, admin);
    expect(view.title.text).toBe('Add team');
    expect(JSON.parse(view.private_metadata)).toEqual({ teamId: null });
    const labels = view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.label.text);
    expect(labels).toEqual(['Name', 'Intake channels', 'Digest channel', 'Weekday', 'Time', 'Time zone', 'Skip quiet weeks', 'Triage channel', 'Backlog cap', 'Stale after (days)', 'Needs info expires after (days)', 'Intake emoji', 'Triagers']);
    expect(inputOf(view, 'intake_channels_block').element.type).toBe('multi_conversations_select');
    expect(inputOf(view, 'triagers_block').element.type).toBe('multi_users_select');
    expect(inputOf(view, 'timezone_block').element.initial_value).toBe('Europe/Rome');

    const errors = await submitTeam(h, view, admin, {
      name: '  Payments  ',
      channels: ['C_PAY', 'G_PAY_PRIVATE'],
      triageChannel: 'C_PAY_TRIAGE',
      digestChannel: 'C_PAY_DIGEST',
      weekday: '3',
      time: '10:30',
      tz: 'America/New_York',
      cap: '8',
      stale: '20',
      needsInfo: '7',
      quiet: true,
      triagers: ['UTRIAGE1', 'UTRIAGE2'],
    });
    expect(errors).toBeUndefined();
    const [saved] = await h.database.db.select().from(teams).where(and(eq(teams.workspaceId, admin.teamId), eq(teams.name, 'Payments')));
    expect(saved).toMatchObject({
      isDefault: false,
      autoNamed: false,
      triageChannelId: 'C_PAY_TRIAGE',
      digestChannelId: 'C_PAY_DIGEST',
      digestWeekday: 3,
      digestTime: '10:30',
      timeZone: 'America/New_York',
      backlogCap: 8,
      staleAfterDays: 20,
      needsInfoDays: 7,
      skipQuietWeeks: true,
      triagerIds: ['UTRIAGE1', 'UTRIAGE2'],
      archivedAt: null,
    });
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Payments', channels: ['C_PAY', 'G_PAY_PRIVATE'] },
    ]);
    expect((await teamOfChannel(h.database.db, admin.teamId, 'C_PAY')).name).toBe('Payments');
  });

  it('when an admin edits a team, then its values are saved and its intake channels replaced; its modal shows it as it is', async () => {
    const admin = await workspaceWithAdmin();
    const web = await insertTeam(h.database.db, admin.teamId, 'Web', ['C_WEB_A', 'C_WEB_B']);
    await h.database.db.update(teams).set({ triagerIds: ['UTRIAGER'], backlogCap: 12 }).where(eq(teams.id, web.id));
    const view = await editTeamModal(h, admin, web.id);
    expect([view.title.text, view.submit.text, JSON.parse(view.private_metadata)]).toEqual(['Edit team', 'Save', { teamId: web.id }]);
    expect(inputOf(view, 'team_name_block').element.initial_value).toBe('Web');
    expect(inputOf(view, 'intake_channels_block').element.initial_conversations).toEqual(['C_WEB_A', 'C_WEB_B']);
    expect(inputOf(view, 'triagers_block').element.initial_users).toEqual(['UTRIAGER']);
    expect(inputOf(view, 'cap_block').element.initial_value).toBe('12');
    expect(inputOf(view, 'archive_block').hint.text).toMatch(/holds no open item/);

    expect(await submitTeam(h, view, admin, { name: 'Web app', channels: ['C_WEB_B', 'C_WEB_C'], cap: '9' })).toBeUndefined();
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Web app', channels: ['C_WEB_B', 'C_WEB_C'] },
    ]);
    const [row] = await h.database.db.select().from(teams).where(eq(teams.id, web.id));
    expect([row!.backlogCap, row!.triagerIds]).toEqual([9, []]);
  });

  it('when an admin renames the default team, then it keeps that name: /backlog teams no longer renames it after the workspace', async () => {
    const admin = await workspaceWithAdmin();
    const fallback = await defaultTeamOf(h.database.db, admin.teamId);
    const view = await editTeamModal(h, admin, fallback.id);
    expect(inputOf(view, 'archive_block')).toMatchObject({ type: 'context', elements: [{ text: expect.stringMatching(/default team cannot be archived/) }] });
    expect(await submitTeam(h, view, admin, { name: 'Platform' })).toBeUndefined();
    await backlog(h, admin, 'teams');
    const after = await defaultTeamOf(h.database.db, admin.teamId);
    expect([after.name, after.autoNamed, after.isDefault]).toEqual(['Platform', false, true]);
    expect(h.emulator.callsTo('team.info').filter((c) => c.params.team === admin.teamId)).toEqual([]);
  });

  it('when an admin submits bad values, then each field says why and nothing is saved', async () => {
    const admin = await workspaceWithAdmin();
    const view = await addTeamModal(h, admin);
    const errors = await submitTeam(h, view, admin, { name: '   ', weekday: '9', time: '25:00', tz: 'Mars/Base', cap: '0', stale: '366', needsInfo: '91', channels: ['D_DIRECT'], triagers: ['B_BOT'] });
    expect(Object.keys(errors!).sort()).toEqual(['cap_block', 'intake_channels_block', 'needs_info_block', 'stale_block', 'team_name_block', 'time_block', 'timezone_block', 'triagers_block', 'weekday_block']);
    expect(errors!.team_name_block).toBe('Give the team a name.');
    expect(errors!.cap_block).toMatch(/backlog cap: a whole number from 1 to 100/);
    const long = await submitTeam(h, view, admin, { name: 'x'.repeat(41) });
    expect(long).toEqual({ team_name_block: 'Keep the name to 40 characters or fewer (it has 41).' });
    const tooMany = await submitTeam(h, view, admin, { name: 'Many', channels: Array.from({ length: 21 }, (_, i) => `C_MANY${i}`) });
    expect(tooMany).toEqual({ intake_channels_block: 'Choose at most 20 channels.' });
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([{ name: 'Default team', channels: [] }]);
  });

  it('when a name is taken, whatever its case, then the name field names the team that has it, and nothing is saved', async () => {
    const admin = await workspaceWithAdmin();
    await insertTeam(h.database.db, admin.teamId, 'Payments', ['C_PAYMENTS']);
    const other = await insertTeam(h.database.db, admin.teamId, 'Growth');
    const errors = await submitTeam(h, await addTeamModal(h, admin), admin, { name: 'PAYMENTS', channels: ['C_NEW'] });
    expect(errors).toEqual({ team_name_block: 'There is already a team named Payments. Choose another name.' });
    const renamed = await submitTeam(h, await editTeamModal(h, admin, other.id), admin, { name: ' payments ' });
    expect(renamed).toEqual({ team_name_block: 'There is already a team named Payments. Choose another name.' });
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Payments', channels: ['C_PAYMENTS'] },
      { name: 'Growth', channels: [] },
    ]);
    // An archived team's name is free again.
    await h.database.db.update(teams).set({ archivedAt: new Date() }).where(eq(teams.id, other.id));
    expect(await submitTeam(h, await addTeamModal(h, admin), admin, { name: 'growth' })).toBeUndefined();
  });

  it('when an intake channel is already another team’s, then the field names that team, and nothing is saved', async () => {
    const admin = await workspaceWithAdmin();
    await insertTeam(h.database.db, admin.teamId, 'Mobile', ['C_MOBILE']);
    const errors = await submitTeam(h, await addTeamModal(h, admin), admin, { name: 'Web', channels: ['C_WEB', 'C_MOBILE'] });
    expect(errors).toEqual({ intake_channels_block: 'A channel you chose is already an intake channel of the team Mobile: take it out of that team first, or choose another.' });
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Mobile', channels: ['C_MOBILE'] },
    ]);
  });

  it('when Shortlist is not in the chosen triage or digest channel, then those fields say to invite it, and nothing is saved', async () => {
    const admin = await workspaceWithAdmin();
    h.emulator.channels.set('C_TEAM_TRIAGE_OUT', { is_member: false });
    h.emulator.channels.set('G_TEAM_DIGEST_OUT', { is_private: true, is_member: false });
    const errors = await submitTeam(h, await addTeamModal(h, admin), admin, { name: 'Ops', triageChannel: 'C_TEAM_TRIAGE_OUT', digestChannel: 'G_TEAM_DIGEST_OUT' });
    expect(Object.keys(errors!).sort()).toEqual(['digest_channel_block', 'triage_channel_block']);
    expect(errors!.triage_channel_block).toMatch(/triage messages.*\/invite @Shortlist/);
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([{ name: 'Default team', channels: [] }]);
  });

  it('when a member who is not an admin lists the teams, then there are no buttons but whom to ask; their Add, Edit and forged saves change nothing', async () => {
    const admin = await workspaceWithAdmin();
    h.emulator.users.set('UINSTALLER', { real_name: 'Ada Installer' });
    const web = await insertTeam(h.database.db, admin.teamId, 'Web', ['C_WEB']);
    const member = { teamId: admin.teamId, userId: 'UMEMBERTEAMS' };
    const answer = await backlog(h, member, 'teams');
    expect(answer.blocks.filter((b) => b.block_id?.startsWith('team:')).map((b) => (b as Block).accessory)).toEqual([undefined, undefined]);
    expect(blockOf(answer, 'teams_actions')).toBeUndefined();
    const ask = blockOf(answer, 'teams_ask')!.elements![0].text as string;
    expect(ask).toMatch(/^Only workspace admins and owners, or whoever installed Shortlist, can change its settings\. Ask <@UINSTALLER>, /);

    for (const refused of [await pressAddTeam(h, member), await pressEditTeam(h, member, web.id)]) {
      expect(refused.method).toBe('response_url');
      expect(refused.params.text).toMatch(/Only workspace admins/);
    }
    const forgedAdd = await submitTeam(h, await addTeamModal(h, admin), member, { name: 'Hijack', channels: ['C_WEB_NEW'] });
    // A modal error is plain text: people are named, not mentioned.
    expect(forgedAdd!.team_name_block).toMatch(/^Only workspace admins.*Ask Ada Installer, /);
    expect(forgedAdd!.team_name_block).not.toContain('<@');
    const editView = await editTeamModal(h, admin, web.id);
    expect((await submitTeam(h, editView, member, { name: 'Hijacked' }))!.team_name_block).toMatch(/Only workspace admins/);
    expect((await submitTeam(h, editView, member, { archive: true }))!.team_name_block).toMatch(/Only workspace admins/);
    expect(await teamsOf(h.database.db, admin.teamId)).toEqual([
      // Named after the workspace by the listing (the stand-in calls a workspace by its id).
      { name: admin.teamId, channels: [] },
      { name: 'Web', channels: ['C_WEB'] },
    ]);
  });

  it('when a team still holds open items, then archiving is refused with how many remain; once they are closed it is archived and its channels go to the default team', async () => {
    const admin = await workspaceWithAdmin();
    const { db } = h.database;
    const ops = await insertTeam(db, admin.teamId, 'Ops', ['C_OPS', 'C_OPS_ALERTS']);
    const first = await fileBugThrough(h, admin, 'Pager is silent');
    const second = await fileBugThrough(h, admin, 'Alerts doubled');
    const story = await writeStoryThrough(h, admin);
    const closed = await fileBugThrough(h, admin, 'Long fixed');
    await db.update(bugs).set({ teamId: ops.id }).where(eq(bugs.workspaceId, admin.teamId));
    await db.update(bugs).set({ status: 'resolved', resolution: 'fixed' }).where(eq(bugs.id, closed.id));
    await db.update(stories).set({ teamId: ops.id }).where(eq(stories.id, story.id));

    const view = await editTeamModal(h, admin, ops.id);
    expect(inputOf(view, 'archive_block')).toMatchObject({ type: 'input', optional: true, hint: { text: '3 open items remain: move or close them first.' } });
    expect(await submitTeam(h, view, admin, { archive: true })).toEqual({ archive_block: '3 open items remain: move or close them first.' });
    expect((await teamsOf(db, admin.teamId)).map((t) => t.name)).toEqual(['Default team', 'Ops']);

    await db.update(bugs).set({ status: 'resolved', resolution: 'fixed' }).where(eq(bugs.id, first.id));
    await db.update(stories).set({ status: 'done' }).where(eq(stories.id, story.id));
    expect(await submitTeam(h, view, admin, { archive: true })).toEqual({ archive_block: '1 open item remains: move or close it first.' });
    await db.update(bugs).set({ status: 'resolved', resolution: 'fixed' }).where(eq(bugs.id, second.id));
    // Archiving saves nothing else the form says.
    expect(await submitTeam(h, view, admin, { archive: true, name: 'Renamed on the way out' })).toBeUndefined();

    const [archived] = await db.select().from(teams).where(eq(teams.id, ops.id));
    expect([archived!.name, archived!.archivedAt]).toEqual(['Ops', expect.any(Date)]);
    expect(await db.select().from(teamChannels).where(eq(teamChannels.teamId, ops.id))).toEqual([]);
    expect((await teamOfChannel(db, admin.teamId, 'C_OPS')).isDefault).toBe(true);
    const answer = await backlog(h, admin, 'teams');
    expect(answer.blocks.some((b) => b.block_id === `team:${ops.id}`)).toBe(false);
    // Its closed items keep their team.
    expect((await db.select({ teamId: bugs.teamId }).from(bugs).where(eq(bugs.id, closed.id)))[0]!.teamId).toBe(ops.id);
    // Archived, it cannot be edited or archived again.
    expect((await pressEditTeam(h, admin, ops.id)).params.text).toMatch(/not in this workspace \(or was archived\)/);
    expect(await submitTeam(h, view, admin, { name: 'Ops again' })).toEqual({ team_name_block: expect.stringMatching(/no longer here/) });
  });

  it('when someone forges an archive of the default team, then it is refused and the team stays', async () => {
    const admin = await workspaceWithAdmin();
    const fallback = await defaultTeamOf(h.database.db, admin.teamId);
    const view = await editTeamModal(h, admin, fallback.id);
    expect(await submitTeam(h, view, admin, { archive: true })).toEqual({ team_name_block: "The default team cannot be archived: items filed outside other teams' channels go to it." });
    expect((await defaultTeamOf(h.database.db, admin.teamId)).archivedAt).toBeNull();
  });

  it("when the form names another workspace's team, then it is neither shown, saved nor archived", async () => {
    const owner = await workspaceWithAdmin();
    const theirs = await insertTeam(h.database.db, owner.teamId, 'Theirs', ['C_THEIRS']);
    const intruder = await workspaceWithAdmin();
    expect((await pressEditTeam(h, intruder, theirs.id)).params.text).toMatch(/not in this workspace/);
    const view = await addTeamModal(h, intruder);
    const forged = { ...view, private_metadata: JSON.stringify({ teamId: theirs.id }) };
    expect(await submitTeam(h, forged, intruder, { name: 'Mine now', channels: ['C_MINE'] })).toEqual({ team_name_block: expect.stringMatching(/no longer here/) });
    expect(await submitTeam(h, forged, intruder, { archive: true })).toEqual({ team_name_block: expect.stringMatching(/no longer here/) });
    expect(await teamsOf(h.database.db, owner.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Theirs', channels: ['C_THEIRS'] },
    ]);
    expect(await teamsOf(h.database.db, intruder.teamId)).toEqual([{ name: 'Default team', channels: [] }]);
    expect(await submitTeam(h, { ...view, private_metadata: '{"teamId":"1 or 1=1"}' }, intruder, { name: 'X' })).toEqual({ team_name_block: 'This form has expired. Run /backlog teams again.' });
  });

  it('when two admins add the same name at once, then exactly one team is made and the other is told the name is taken', async () => {
    const admin = await workspaceWithAdmin();
    const second = { teamId: admin.teamId, userId: 'USECONDADMIN' };
    h.emulator.users.set(second.userId, { is_admin: true });
    const [first, other] = await Promise.all([addTeamModal(h, admin), addTeamModal(h, second)]);
    const answers = await Promise.all([submitTeam(h, first, admin, { name: 'Checkout', channels: ['C_CHECKOUT_A'] }), submitTeam(h, other, second, { name: 'checkout', channels: ['C_CHECKOUT_B'] })]);
    expect(answers.filter((a) => a === undefined)).toHaveLength(1);
    expect(answers.find((a) => a !== undefined)).toEqual({ team_name_block: expect.stringMatching(/^There is already a team named (Checkout|checkout)\. Choose another name\.$/) });
    const made = (await teamsOf(h.database.db, admin.teamId)).filter((t) => t.name.toLowerCase() === 'checkout');
    expect(made).toHaveLength(1);
    expect(made[0]!.channels).toHaveLength(1);
  });

  it('when a workspace has 50 teams, then /backlog teams stays within Slack limits, says how many more, and offers the rest for editing; the modal fits too', async () => {
    const admin = await workspaceWithAdmin();
    const { db } = h.database;
    for (let i = 1; i <= 49; i += 1) await insertTeam(db, admin.teamId, `Team ${String(i).padStart(2, '0')} ${'x'.repeat(28)}`, [`C_FIFTY_${i}_A`, `C_FIFTY_${i}_B`]);
    const answer = await backlog(h, admin, 'teams');
    expect(messageLimitProblems(answer)).toEqual([]);
    expect(answer.blocks).toHaveLength(50);
    expect(answer.blocks.filter((b) => b.block_id?.startsWith('team:'))).toHaveLength(47);
    expect((blockOf(answer, 'teams_more')!.elements![0].text as string).startsWith('…and 3 more: Team 47')).toBe(true);
    const menu = blockOf(answer, 'teams_actions')!.elements!.find((e) => e.action_id === 'team_edit_select');
    expect(menu.options.map((o: any) => o.text.text.slice(0, 7))).toEqual(['Team 47', 'Team 48', 'Team 49']);

    const member = await backlog(h, { teamId: admin.teamId, userId: 'UMEMBERFIFTY' }, 'teams');
    expect(messageLimitProblems(member)).toEqual([]);
    expect(member.blocks).toHaveLength(50);
    // The stand-in refuses what Slack would (ok: false): both lists were accepted.
    expect(h.emulator.callsTo('response_url').filter((c) => c.params.text === 'Teams: 50').map((c) => c.response?.ok)).toEqual([true, true]);

    const last = menu.options[2];
    const opened = await pressTeamControl(h, admin, { action_id: 'team_edit_select', block_id: 'teams_actions', type: 'static_select', selected_option: last });
    expect(opened.method).toBe('views.open');
    expect(JSON.parse(opened.params.view.private_metadata)).toEqual({ teamId: Number(last.value) });
    expect(viewLimitProblems(opened.params.view)).toEqual([]);
    expect(opened.response?.ok).toBe(true);
    expect(viewLimitProblems(await addTeamModal(h, admin))).toEqual([]);
  });
});

describe.skipIf(!dbKinds.includes('postgres'))('teams: races settled by the database, on postgres', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('postgres');
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Waits until one of the app's statements waits on a lock the test holds. */
  async function appIsWaitingOnLock() {
    await expect
      .poll(async () => {
        const rows = await h.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return (rows as unknown as { n: number }[])[0]?.n ?? 0;
      }, { timeout: 3000, interval: 20 })
      .toBeGreaterThan(0);
  }

  /**
   * Submits the modal while the test's own transaction holds what `hold` wrote (uncommitted), lets the app
   * run into it, then commits: the app's answer once it could go on.
   */
  async function submitWhileHolding(hold: (tx: Tx) => Promise<unknown>, submit: () => Promise<Record<string, string> | undefined>) {
    let submitted: Promise<Record<string, string> | undefined> | undefined;
    await h.database.db.transaction(async (tx) => {
      await hold(tx);
      submitted = submit();
      await appIsWaitingOnLock();
    });
    return submitted;
  }

  async function admin() {
    const actor = newActor();
    h.emulator.users.set(actor.userId, { is_admin: true });
    await h.database.db.insert(workspaces).values({ id: actor.teamId });
    return actor;
  }

  it('when another transaction is adding the same name, then the unique index decides: this add gets the name error and makes nothing', async () => {
    const actor = await admin();
    const view = await addTeamModal(h, actor);
    const answer = await submitWhileHolding(
      (tx) => tx.insert(teams).values({ workspaceId: actor.teamId, name: 'Billing' }),
      () => submitTeam(h, view, actor, { name: 'BILLING', channels: ['C_BILLING'] }),
    );
    expect(answer).toEqual({ team_name_block: 'There is already a team named Billing. Choose another name.' });
    expect(await teamsOf(h.database.db, actor.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Billing', channels: [] },
    ]);
  });

  it('when another team claims a channel while a team is being edited, then the edit names that team and saves nothing, old channels kept', async () => {
    const actor = await admin();
    const { db } = h.database;
    const web = await insertTeam(db, actor.teamId, 'Web', ['C_WEB_OLD']);
    const mobile = await insertTeam(db, actor.teamId, 'Mobile');
    const view = await editTeamModal(h, actor, web.id);
    const answer = await submitWhileHolding(
      (tx) => tx.insert(teamChannels).values({ workspaceId: actor.teamId, channelId: 'C_CONTESTED', teamId: mobile.id }),
      () => submitTeam(h, view, actor, { name: 'Web renamed', channels: ['C_CONTESTED'], cap: '3' }),
    );
    expect(answer).toEqual({ intake_channels_block: 'A channel you chose is already an intake channel of the team Mobile: take it out of that team first, or choose another.' });
    expect(await teamsOf(db, actor.teamId)).toEqual([
      { name: 'Default team', channels: [] },
      { name: 'Web', channels: ['C_WEB_OLD'] },
      { name: 'Mobile', channels: ['C_CONTESTED'] },
    ]);
    expect((await db.select().from(teams).where(eq(teams.id, web.id)))[0]!.backlogCap).toBe(25);
  });

  it('when an item is being filed into a team as it is archived, then the archive waits for it and is refused', async () => {
    const actor = await admin();
    const { db } = h.database;
    const ops = await insertTeam(db, actor.teamId, 'Ops', ['C_OPS']);
    const view = await editTeamModal(h, actor, ops.id);
    const answer = await submitWhileHolding(
      (tx) => tx.insert(bugs).values({ workspaceId: actor.teamId, teamId: ops.id, number: 1, summary: 'Filed meanwhile', steps: 's', expected: 'e', actual: 'a', reporterId: 'U1' }),
      () => submitTeam(h, view, actor, { archive: true }),
    );
    expect(answer).toEqual({ archive_block: '1 open item remains: move or close it first.' });
    expect((await db.select().from(teams).where(eq(teams.id, ops.id)))[0]!.archivedAt).toBeNull();
    expect(await teamsOf(db, actor.teamId)).toContainEqual({ name: 'Ops', channels: ['C_OPS'] });
  });
});
