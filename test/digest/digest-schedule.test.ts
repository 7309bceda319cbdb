import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, comments, digestRuns, type teams, workspaces } from '../../src/db/schema.ts';
import { defaultTeamOf, workspaceWithSettings } from '../support/teams.ts';
import { runDueDigests } from '../../src/digest/run-digests.ts';
import { fileBugThrough, newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { openSettings as openSettingsFlow, type SettingsValues, submitSettings } from '../support/settings-flow.ts';
import { backlog } from '../support/story-flow.ts';

describe.each(dbKinds)('the weekly digest on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const digestsIn = (channel: string) => h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === channel && String(c.params.text).startsWith('Backlog digest') && !c.failed);
  async function workspace(channel: string | null, { installerUserId = 'UINSTALLER', ...settings }: Partial<typeof teams.$inferInsert> & { installerUserId?: string } = {}) {
    const id = newActor().teamId;
    await workspaceWithSettings(h.database.db, { id, installerUserId }, { digestChannelId: channel, timeZone: 'Europe/Rome', digestWeekday: 1, digestTime: '09:00', ...settings });
    return id;
  }
  const runsOf = (id: string) => h.database.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, id));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('when two scheduler instances tick at Monday 09:00 Europe/Rome, then exactly one digest is posted', async () => {
    const id = await workspace('C_DIGEST_ONCE');
    expect((await runDueDigests(h.database.db, new Date('2026-11-23T07:59:00Z'))).posted).not.toContain(id);
    const monday9 = new Date('2026-11-23T08:00:00Z');
    const [a, b] = await Promise.all([runDueDigests(h.database.db, monday9), runDueDigests(h.database.db, monday9)]);
    expect([...a.posted, ...b.posted].filter((w) => w === id)).toHaveLength(1);
    await runDueDigests(h.database.db, new Date('2026-11-23T08:05:00Z'));
    await h.emulator.waitFor(() => digestsIn('C_DIGEST_ONCE')[0]);
    await settle();
    expect(digestsIn('C_DIGEST_ONCE')).toHaveLength(1);
    expect(JSON.stringify(digestsIn('C_DIGEST_ONCE')[0]!.params.blocks)).not.toContain('Posted late');
    expect(await runsOf(id)).toMatchObject([{ periodKey: '2026-11-23', outcome: 'posted', catchUp: false }]);
  });

  it('when no instance ran at 09:00 and one ticks at 11:00, then it is posted once, as a catch-up', async () => {
    const id = await workspace('C_DIGEST_LATE');
    await runDueDigests(h.database.db, new Date('2026-11-23T10:00:00Z'));
    await runDueDigests(h.database.db, new Date('2026-11-23T10:01:00Z'));
    const post = await h.emulator.waitFor(() => digestsIn('C_DIGEST_LATE')[0]);
    expect(JSON.stringify(post.params.blocks)).toContain('Posted late');
    await settle();
    expect(digestsIn('C_DIGEST_LATE')).toHaveLength(1);
    expect((await runsOf(id))[0]?.catchUp).toBe(true);
  });

  it('when Slack fails the digest post twice, then the outbox retries it and it is posted once', async () => {
    await workspace('C_DIGEST_FLAKY');
    h.emulator.failNext('chat.postMessage', { status: 500, match: (p) => p.channel === 'C_DIGEST_FLAKY' }, 2);
    await runDueDigests(h.database.db, new Date('2026-11-23T08:00:00Z'));
    await h.emulator.waitFor(() => digestsIn('C_DIGEST_FLAKY')[0]);
    await settle();
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_DIGEST_FLAKY').map((c) => c.failed)).toEqual([true, true, false]);
  });

  it('when DST ends on the digest day, then it fires at local 09:00, not an hour early', async () => {
    const id = await workspace('C_DIGEST_DST', { digestWeekday: 7 });
    expect((await runDueDigests(h.database.db, new Date('2026-10-25T07:00:00Z'))).posted).not.toContain(id);
    expect((await runDueDigests(h.database.db, new Date('2026-10-25T07:59:00Z'))).posted).not.toContain(id);
    expect((await runDueDigests(h.database.db, new Date('2026-10-25T08:00:00Z'))).posted).toContain(id);
    await h.emulator.waitFor(() => digestsIn('C_DIGEST_DST')[0]);
  });

  it('when skip_quiet_weeks is on and nothing changed, then the week is skipped and recorded', async () => {
    const id = await workspace('C_DIGEST_QUIET', { skipQuietWeeks: true });
    expect((await runDueDigests(h.database.db, new Date('2026-11-23T08:00:00Z'))).skipped).toContain(id);
    await settle();
    expect(digestsIn('C_DIGEST_QUIET')).toHaveLength(0);
    expect((await runsOf(id))[0]?.outcome).toBe('skipped_quiet');
  });

  it('when skip_quiet_weeks is on and the week saw only comments, then it was not quiet: the digest is posted and counts them', async () => {
    const id = await workspace('C_DIGEST_TALK', { skipQuietWeeks: true });
    const team = await defaultTeamOf(h.database.db, id);
    const old = new Date('2026-09-01T08:00:00Z');
    const [bug] = await h.database.db.insert(bugs).values({ workspaceId: id, teamId: team.id, number: 1, summary: 'Old', steps: 's', expected: 'e', actual: 'a', reporterId: 'UREP', createdAt: old, updatedAt: old }).returning();
    await h.database.db.insert(comments).values({ workspaceId: id, itemType: 'bug', itemId: bug!.id, channelId: 'C_TALK', ts: '1795000000.000100', threadTs: '1795000000.000001', authorId: 'UREP', text: 'still happening', postedAt: new Date('2026-11-20T10:00:00Z') });
    expect((await runDueDigests(h.database.db, new Date('2026-11-23T08:00:00Z'))).posted).toContain(id);
    const post = await h.emulator.waitFor(() => digestsIn('C_DIGEST_TALK')[0]);
    expect(JSON.stringify(post.params.blocks)).toContain('Comments: new on 1 item');
  });

  it('when Shortlist is not in the digest channel, then the post fails for good and the installer is told once why', async () => {
    const id = await workspace('C_DIGEST_LEFT', { installerUserId: 'UINSTALLER_LEFT' });
    h.emulator.channels.set('C_DIGEST_LEFT', { is_member: false });
    const told = () => h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'UINSTALLER_LEFT' && !c.failed);
    await runDueDigests(h.database.db, new Date('2026-11-23T08:00:00Z'));
    const dm = await h.emulator.waitFor(() => told()[0]);
    expect(dm.params.text).toContain('<#C_DIGEST_LEFT>');
    expect(dm.params.text).toMatch(/not a member.*\/invite @Shortlist.*\/backlog settings/);
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_DIGEST_LEFT').map((c) => c.response?.error)).toEqual(['not_in_channel']);
    // Later ticks of the same week find it claimed: no second post, no second notice.
    await runDueDigests(h.database.db, new Date('2026-11-23T09:00:00Z'));
    await settle();
    expect(told()).toHaveLength(1);
    expect(await runsOf(id)).toMatchObject([{ periodKey: '2026-11-23', outcome: 'posted' }]);
  });

  it('when no digest channel is set, then it is skipped and the installer is told once how to set one', async () => {
    const id = await workspace(null);
    await runDueDigests(h.database.db, new Date('2026-11-23T08:00:00Z'));
    await runDueDigests(h.database.db, new Date('2026-11-30T08:00:00Z'));
    const dm = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'UINSTALLER' && String(c.params.text).includes('/backlog settings')));
    expect(dm).toBeDefined();
    await settle();
    const row = await defaultTeamOf(h.database.db, id);
    expect(row?.digestNoticeSentAt).not.toBeNull();
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'UINSTALLER' && String(c.params.text).includes('/backlog settings'))).toHaveLength(1);
    expect(await runsOf(id)).toEqual([]);
  });

  it('when /backlog digest is used, then the digest is posted in that channel now and does not count as the weekly one', async () => {
    const actor = newActor();
    await fileBugThrough(h, actor, 'Digest me');
    const answer = await backlog(h, actor, 'digest');
    expect(answer.text).toMatch(/Posting the backlog digest/);
    const post = await h.emulator.waitFor(() => h.emulator.callsTo('chat.postMessage').find((c) => c.params.channel === 'C_GENERAL' && String(c.params.text).includes('1 open bugs') && JSON.stringify(c.params.blocks).includes('Posted on request')));
    expect(JSON.stringify(post.params.blocks)).toContain('unrated 1');
    expect(await runsOf(actor.teamId)).toEqual([]);
  });

  describe('settings', () => {
    const openSettings = (actor: { teamId: string; userId: string }) => openSettingsFlow(h, actor);
    const submission = (view: any, actor: { teamId: string; userId: string }, values: SettingsValues) => submitSettings(h, view, actor, values);

    it('when a member who is not an admin asks, then they are told whom to ask, and a forged save changes nothing', async () => {
      const admin = newActor();
      h.emulator.users.set(admin.userId, { is_admin: true, real_name: 'Grace Admin' });
      h.emulator.users.set('UINSTALLER', { real_name: 'Ada Installer' });
      const member = { teamId: admin.teamId, userId: 'UMEMBER' };
      await h.database.db.insert(workspaces).values({ id: admin.teamId, installerUserId: 'UINSTALLER' });
      const refusal = await openSettings(member);
      expect(refusal.method).toBe('response_url');
      expect(refusal.params.text).toMatch(/Only workspace admins/);
      expect(refusal.params.text).toContain('<@UINSTALLER>');
      expect(refusal.params.text).toContain(`<@${admin.userId}>`);

      const adminView = (await openSettings(admin)).params.view;
      const forged = await submission(adminView, member, { channel: 'C_HIJACK', weekday: '3', time: '10:00', tz: 'Europe/Rome', cap: '5' });
      const error = JSON.parse(forged!).errors.digest_channel_block as string;
      expect(error).toMatch(/Only workspace admins/);
      // A modal error is plain text: a <@U…> mention would show raw, so people are named.
      expect(error).toContain('Ask Ada Installer, Grace Admin.');
      expect(error).not.toContain('<@');
      const row = await defaultTeamOf(h.database.db, admin.teamId);
      expect([row?.digestChannelId, row?.backlogCap]).toEqual([null, 25]);
    });

    it('when the digest channel is one Shortlist is not in, then the field says to invite it and nothing is saved; once invited, it saves', async () => {
      const admin = newActor();
      h.emulator.users.set(admin.userId, { is_admin: true });
      h.emulator.channels.set('C_NOT_JOINED', { is_member: false });
      const view = (await openSettings(admin)).params.view;
      const refused = JSON.parse((await submission(view, admin, { channel: 'C_NOT_JOINED', weekday: '1', time: '09:00', tz: 'Europe/Rome', cap: '7' }))!);
      expect(Object.keys(refused.errors)).toEqual(['digest_channel_block']);
      expect(refused.errors.digest_channel_block).toMatch(/not in this channel.*\/invite @Shortlist/);
      expect(h.emulator.callsTo('conversations.info').some((c) => c.params.channel === 'C_NOT_JOINED')).toBe(true);
      expect(await h.database.db.select().from(workspaces).where(eq(workspaces.id, admin.teamId))).toEqual([]);

      h.emulator.channels.set('C_NOT_JOINED', { is_member: true });
      expect(await submission(view, admin, { channel: 'C_NOT_JOINED', weekday: '1', time: '09:00', tz: 'Europe/Rome', cap: '7' })).toBeUndefined();
      const row = await defaultTeamOf(h.database.db, admin.teamId);
      expect(row).toMatchObject({ digestChannelId: 'C_NOT_JOINED', backlogCap: 7 });
    });

    it('when the triage channel is private and Shortlist is not in it, then the triage field says to invite it', async () => {
      const admin = newActor();
      h.emulator.users.set(admin.userId, { is_admin: true });
      h.emulator.channels.set('G_SECRET', { is_private: true, is_member: false });
      const view = (await openSettings(admin)).params.view;
      const refused = JSON.parse((await submission(view, admin, { channel: 'C_DIGEST_OK', triageChannel: 'G_SECRET', weekday: '1', time: '09:00', tz: 'Europe/Rome' }))!);
      expect(Object.keys(refused.errors)).toEqual(['triage_channel_block']);
      expect(refused.errors.triage_channel_block).toMatch(/triage messages.*\/invite @Shortlist/);
      expect(await h.database.db.select().from(workspaces).where(eq(workspaces.id, admin.teamId))).toEqual([]);
    });

    it('when conversations.info itself fails, then the settings are saved anyway', async () => {
      const admin = newActor();
      h.emulator.users.set(admin.userId, { is_admin: true });
      const view = (await openSettings(admin)).params.view;
      h.emulator.failNext('conversations.info', { error: 'internal_error' });
      expect(await submission(view, admin, { channel: 'C_UNCHECKED', weekday: '2', time: '08:00', tz: 'Europe/Rome' })).toBeUndefined();
      expect(h.emulator.callsTo('conversations.info').filter((c) => c.params.channel === 'C_UNCHECKED').map((c) => c.failed)).toEqual([true]);
      const row = await defaultTeamOf(h.database.db, admin.teamId);
      expect(row?.digestChannelId).toBe('C_UNCHECKED');
    });

    it('when an admin saves bad values, then each field says why; good values are saved', async () => {
      const admin = newActor();
      h.emulator.users.set(admin.userId, { is_owner: true, tz: 'America/New_York' });
      const open = await openSettings(admin);
      const view = open.params.view;
      expect(view.blocks.find((b: any) => b.block_id === 'timezone_block').element.initial_value).toBe('America/New_York');
      const bad = JSON.parse((await submission(view, admin, { weekday: '9', time: '25:00', tz: 'Mars/Base', cap: '0' }))!);
      expect(Object.keys(bad.errors).sort()).toEqual(['cap_block', 'time_block', 'timezone_block', 'weekday_block']);
      expect(await submission(view, admin, { channel: 'C_TEAM', weekday: '5', time: '16:30', tz: 'Europe/Rome', cap: '10' })).toBeUndefined();
      const row = await defaultTeamOf(h.database.db, admin.teamId);
      expect(row).toMatchObject({ digestChannelId: 'C_TEAM', digestWeekday: 5, digestTime: '16:30', timeZone: 'Europe/Rome', backlogCap: 10 });
    });
  });
});
