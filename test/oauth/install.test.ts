import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, comments, installations, outbox, workspaces } from '../../src/db/schema.ts';
import { defaultTeamOf } from '../support/teams.ts';
import { enqueue } from '../../src/outbox/enqueue.ts';
import { decryptToken } from '../../src/oauth/token-crypto.ts';
import { newActor, openBugModal, pressTriage, submitView, validBug } from '../support/bug-flow.ts';
import { backlog } from '../support/story-flow.ts';
import { openSettings, submitSettings } from '../support/settings-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendEvent, sendSlashCommand } from '../../src/sandbox/deliver.ts';

const encryptionKey = randomBytes(32);
const oauth = { kind: 'oauth' as const, clientId: '111.222', clientSecret: 'client-secret-for-tests', stateSecret: 'state-secret-for-tests', encryptionKey };

describe.each(dbKinds)('multi-workspace OAuth install on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, {}, { mode: oauth });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Starts an install as a browser would: /slack/install sets the state cookie and redirects to Slack. */
  async function beginInstall() {
    const response = await fetch(`${h.appUrl}/slack/install`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('scope')).toBe('commands,chat:write,im:write,users:read,channels:read,groups:read,team:read,reactions:read,channels:history,groups:history,im:history,files:read,files:write');
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { state: location.searchParams.get('state')!, cookie };
  }

  async function finishInstall(state: string, cookie: string, code: string) {
    return fetch(`${h.appUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  }

  async function install(teamId: string, userId = 'UINSTALLER', rotating = false) {
    const { state, cookie } = await beginInstall();
    const code = `code-${randomUUID()}`;
    h.emulator.oauthGrants.set(code, { teamId, userId, rotating, expiresIn: rotating ? 60 : undefined });
    const response = await finishInstall(state, cookie, code);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Shortlist is installed');
  }

  const rowOf = async (teamId: string) => (await h.database.db.select().from(installations).where(eq(installations.key, `team:${teamId}`)))[0];

  it('when the redirect comes back with a valid state, then the installation is stored with its token encrypted', async () => {
    const teamId = newActor().teamId;
    await install(teamId);
    const row = await rowOf(teamId);
    const token = [...h.emulator.issuedTokens.entries()].find(([, team]) => team === teamId)![0];
    expect(row?.botTokenEncrypted).not.toContain(token);
    expect(row?.botTokenEncrypted).not.toContain('xoxb');
    const raw = JSON.stringify(await h.database.db.execute(sql`select * from installations`));
    expect(raw).not.toContain(token);
    expect(decryptToken(encryptionKey, row!.botTokenEncrypted)).toBe(token);
    expect(() => decryptToken(randomBytes(32), row!.botTokenEncrypted)).toThrow();
    expect(row).toMatchObject({ teamId, installerUserId: 'UINSTALLER', botUserId: `UBOT${teamId}` });
  });

  it('when the state is forged, missing its cookie, or replayed, then the install is refused and nothing is stored', async () => {
    const teamId = newActor().teamId;
    const code = () => {
      const value = `code-${randomUUID()}`;
      h.emulator.oauthGrants.set(value, { teamId, userId: 'UX' });
      return value;
    };
    const forged = await beginInstall();
    expect((await finishInstall('forged-state', forged.cookie, code())).status).toBe(400);
    const noCookie = await beginInstall();
    expect((await finishInstall(noCookie.state, '', code())).status).toBe(400);
    expect(await rowOf(teamId)).toBeUndefined();

    const good = await beginInstall();
    expect((await finishInstall(good.state, good.cookie, code())).status).toBe(200);
    await h.database.db.delete(installations).where(eq(installations.key, `team:${teamId}`));
    expect((await finishInstall(good.state, good.cookie, code())).status).toBe(400);
    expect(await rowOf(teamId)).toBeUndefined();
  });

  it('when a second workspace installs, then its /bug files its own BUG-1 and Slack is called with its own token', async () => {
    const first = newActor();
    const second = newActor();
    await install(first.teamId);
    await install(second.teamId);
    for (const actor of [first, second, first]) {
      const view = await openBugModal(h, actor, `from ${actor.teamId}`);
      expect((await submitView(h, view, { ...validBug, summary_block: `from ${actor.teamId}` }, actor)).body).toBeUndefined();
    }
    const numbers = async (teamId: string) => (await h.database.db.select({ n: bugs.number }).from(bugs).where(eq(bugs.workspaceId, teamId))).map((b) => b.n).sort();
    expect(await numbers(first.teamId)).toEqual([1, 2]);
    expect(await numbers(second.teamId)).toEqual([1]);
    // Every call the app made for a workspace used a token Slack issued to that workspace.
    await h.emulator.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage' && String(c.params.text).includes(`from ${second.teamId}`)).length > 0);
    const opens = h.emulator.callsTo('views.open').filter((c) => [first.teamId, second.teamId].some((t) => JSON.stringify(c.params.view).includes(`from ${t}`)));
    expect(opens).toHaveLength(3);
    for (const call of opens) expect(JSON.stringify(call.params.view)).toContain(`from ${h.emulator.issuedTokens.get(call.token!)}`);

    // Nothing crosses over: B sees its own BUG-1, and A's bug id in B's hands changes nothing.
    const shown = await backlog(h, second, 'show BUG-1');
    expect(JSON.stringify(shown.blocks)).toContain(`from ${second.teamId}`);
    expect(JSON.stringify(shown.blocks)).not.toContain(`from ${first.teamId}`);
    const [firstBug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, first.teamId)).orderBy(bugs.number);
    await pressTriage(h, second, firstBug!, 'probability', '5');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await h.database.db.select().from(bugs).where(eq(bugs.id, firstBug!.id)))[0]?.probability).toBeNull();
  });

  it('when an Enterprise Grid org installs org-wide, then its workspaces file bugs, save settings and get digests, all answered with the org token', async () => {
    const enterpriseId = `E${randomUUID().slice(0, 8).toUpperCase()}`;
    const { state, cookie } = await beginInstall();
    const code = `code-${randomUUID()}`;
    h.emulator.oauthGrants.set(code, { teamId: '', userId: 'UORGADMIN', enterpriseId, orgWide: true });
    expect((await finishInstall(state, cookie, code)).status).toBe(200);
    const [installation] = await h.database.db.select().from(installations).where(eq(installations.key, `enterprise:${enterpriseId}`));
    expect(installation).toMatchObject({ enterpriseId, isEnterpriseInstall: true, teamId: null });
    const orgToken = [...h.emulator.issuedTokens.entries()].find(([, owner]) => owner === enterpriseId)![0];
    const org = (actor: { teamId: string; userId: string }) => ({ ...actor, enterpriseId });

    // A workspace whose admin saves settings before anything is filed: the settings create its row.
    const admin = org(newActor());
    h.emulator.users.set(admin.userId, { is_admin: true });
    const opened = await openSettings(h, admin);
    expect([opened.method, opened.token]).toEqual(['views.open', orgToken]);
    expect(await submitSettings(h, opened.params.view, admin, { channel: 'C_ORG_DIGEST', weekday: '1', time: '09:00', tz: 'Europe/Rome' })).toBeUndefined();
    const [row] = await h.database.db.select().from(workspaces).where(eq(workspaces.id, admin.teamId));
    expect(row).toMatchObject({ enterpriseId });
    // Settings are the workspace's default team's since teams (drizzle/0002).
    expect(await defaultTeamOf(h.database.db, admin.teamId)).toMatchObject({ digestChannelId: 'C_ORG_DIGEST' });
    const view = await openBugModal(h, admin, 'org bug');
    expect((await submitView(h, view, { ...validBug, summary_block: 'org bug' }, admin)).body).toBeUndefined();
    const confirmation = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && String(c.params.text).startsWith('BUG-1 filed: org bug')));
    expect(confirmation.token).toBe(orgToken);

    // Another workspace of the org whose first contact is /backlog digest: that creates its row.
    const other = org(newActor());
    await sendSlashCommand(h.appUrl, { ...other, command: '/backlog', text: 'digest', channelId: 'C_ORG_OTHER', responseUrl: h.emulator.responseUrl() });
    const digest = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_ORG_OTHER' && String(c.params.text).startsWith('Backlog digest')));
    expect(digest.token).toBe(orgToken);
    expect((await h.database.db.select().from(workspaces).where(eq(workspaces.id, other.teamId)))[0]?.enterpriseId).toBe(enterpriseId);
  });

  it('when tokens_revoked arrives, then the tokens are deleted and the next request from that workspace is refused cleanly', async () => {
    const actor = newActor();
    await install(actor.teamId);
    const response = await sendEvent(h.appUrl, actor.teamId, { type: 'tokens_revoked', tokens: { bot: [`UBOT${actor.teamId}`] }, event_ts: '1.2' });
    expect(response.status).toBe(200);
    await expect.poll(() => rowOf(actor.teamId)).toBeUndefined();
    const refused = await sendSlashCommand(h.appUrl, { ...actor, command: '/bug', text: 'after revoke', triggerId: 'after-revoke', responseUrl: h.emulator.responseUrl() });
    expect(refused.status).toBe(401);
    expect(h.emulator.calls.filter((c) => c.params.trigger_id === 'after-revoke')).toEqual([]);
  });

  it("when a thread reply comes from a workspace whose tokens were revoked, then it is refused with 401 and stored nowhere", async () => {
    const actor = newActor();
    await install(actor.teamId);
    const view = await openBugModal(h, actor, 'replied to');
    await submitView(h, view, validBug, actor);
    await expect.poll(async () => (await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId)))[0]?.threadTs).toBeTruthy();
    const [row] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId));
    const reply = (ts: string) =>
      sendEvent(h.appUrl, actor.teamId, { type: 'message', channel_type: 'channel', channel: row!.threadChannelId, user: actor.userId, text: `reply ${ts}`, ts, event_ts: ts, thread_ts: row!.threadTs });
    const commentsOf = () => h.database.db.select({ text: comments.text }).from(comments).where(eq(comments.workspaceId, actor.teamId));
    expect((await reply('1900000000.000001')).status).toBe(200);
    await expect.poll(commentsOf).toEqual([{ text: 'reply 1900000000.000001' }]);
    await sendEvent(h.appUrl, actor.teamId, { type: 'tokens_revoked', tokens: { bot: [`UBOT${actor.teamId}`] }, event_ts: '1.2' });
    await expect.poll(() => rowOf(actor.teamId)).toBeUndefined();
    expect((await reply('1900000000.000002')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await commentsOf()).toEqual([{ text: 'reply 1900000000.000001' }]);
  });

  it('when app_uninstalled arrives, then the installation is deleted and the items stay', async () => {
    const actor = newActor();
    await install(actor.teamId);
    const view = await openBugModal(h, actor, 'stays');
    await submitView(h, view, validBug, actor);
    await sendEvent(h.appUrl, actor.teamId, { type: 'app_uninstalled', event_ts: '1.3' });
    await expect.poll(() => rowOf(actor.teamId)).toBeUndefined();
    expect(await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId))).toHaveLength(1);
  });

  it('when an event is delivered again with x-slack-retry-num: 1, then it is processed once', async () => {
    const actor = newActor();
    await install(actor.teamId);
    const eventId = `Ev${randomUUID().slice(0, 8)}`;
    const body = (event: Record<string, unknown>) => ({ type: 'app_home_opened', user: actor.userId, channel: 'D1', tab: 'home', event_ts: '1.4', ...event });
    const send = (retry?: string) =>
      sendEvent(h.appUrl, actor.teamId, body({}), { headers: retry ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' } : {} }, eventId);
    expect((await send()).status).toBe(200);
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.publish' && c.params.user_id === actor.userId));
    expect((await send('1')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emulator.callsTo('views.publish').filter((c) => c.params.user_id === actor.userId)).toHaveLength(1);
  });

  const outboxOf = (teamId: string) => h.database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId));

  it('when the installation cannot be read for a moment, then the queued message is retried and delivered, not given up', async () => {
    const actor = newActor();
    await install(actor.teamId);
    await h.database.db.execute(sql`alter table installations rename to installations_away`);
    try {
      await enqueue(h.database.db, actor.teamId, { type: 'post', channelId: 'C_BLIP', text: 'survives a database blip' });
      await expect.poll(async () => (await outboxOf(actor.teamId)).map((r) => [r.status, r.attempts > 1])).toEqual([['pending', true]]);
    } finally {
      await h.database.db.execute(sql`alter table installations_away rename to installations`);
    }
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_BLIP' && !c.failed));
    await expect.poll(async () => (await outboxOf(actor.teamId)).map((r) => r.status)).toEqual(['sent']);
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_BLIP')).toHaveLength(1);
  });

  it('when a workspace has no installation, then its queued message is given up as no_token', async () => {
    const teamId = newActor().teamId;
    await h.database.db.insert(workspaces).values({ id: teamId });
    await enqueue(h.database.db, teamId, { type: 'post', channelId: 'C_NOBODY', text: 'nobody to send as' });
    await expect.poll(async () => (await outboxOf(teamId)).map((r) => [r.status, r.lastError])).toEqual([['failed', 'no_token']]);
  });

  it('when the bot token rotates and is about to expire, then it is refreshed, stored encrypted, and used', async () => {
    const actor = newActor();
    await install(actor.teamId, 'UROT', true);
    const before = (await rowOf(actor.teamId))!;
    const oldToken = decryptToken(encryptionKey, before.botTokenEncrypted);
    const view = await openBugModal(h, actor, 'rotating');
    const call = h.emulator.callsTo('views.open').at(-1)!;
    expect(call.token).not.toBe(oldToken);
    const after = (await rowOf(actor.teamId))!;
    const newToken = decryptToken(encryptionKey, after.botTokenEncrypted);
    expect(newToken).toBe(call.token);
    expect(h.emulator.issuedTokens.get(newToken)).toBe(actor.teamId);
    expect(after.botRefreshTokenEncrypted).not.toBeNull();
    expect(view.callback_id).toBe('bug_modal');
  });
});
