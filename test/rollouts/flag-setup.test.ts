import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagConnections } from '../../src/db/schema.ts';
import { type Actor, blockActions, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';
import { newActor, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { loadFixture } from '../flags/fixtures.ts';
import { genericBody, growthBookKey, signedHeaders } from '../support/flag-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { backlog } from '../support/story-flow.ts';

describe.each(dbKinds)('/backlog flags setup and Rotate secret on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const admin = () => {
    const actor = newActor();
    h.emulator.users.set(actor.userId, { is_admin: true, name: 'ada' });
    return actor;
  };

  /** `/backlog flags setup`: the modal (and the response URL its answer goes to), or the private answer. */
  async function openSetup(actor: Actor) {
    const triggerId = `trigger-${randomUUID()}`;
    const responseUrl = h.emulator.responseUrl();
    await sendSlashCommand(h.appUrl, { ...actor, command: '/backlog', text: 'flags setup', triggerId, responseUrl, channelId: 'C_PRODUCT' });
    const call = await h.emulator.waitFor((calls) => calls.find((c) => (c.method === 'views.open' && c.params.trigger_id === triggerId) || (c.method === 'response_url' && c.params.url === responseUrl)));
    return { call, responseUrl, view: call.method === 'views.open' ? { ...call.params.view, id: `VFLAG${randomUUID().slice(0, 8).toUpperCase()}` } : undefined };
  }

  const answerOn = (responseUrl: string) => h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
  const textOf = (params: { blocks?: { text?: { text: string } }[] }) => (params.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

  const urlAndSecret = (text: string) => ({ url: /`(http[^`]+)`/.exec(text)?.[1], secret: /`((?:whsec_|[0-9a-f]{64})[^`]*)`/.exec(text)?.[1] });

  async function deliver(url: string, secret: string | null, body: string, headers = signedHeaders('generic', secret, Buffer.from(body))) {
    return (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).status;
  }

  it('when someone who is not an admin runs setup, then they are told whom to ask and no form opens', async () => {
    const { call } = await openSetup(newActor());
    expect(call.method).toBe('response_url');
    expect(call.params.text).toMatch(/^Only workspace admins and owners, or whoever installed Shortlist, can connect flag systems/);
  });

  it('when an admin connects a generic system, then the URL and secret are shown once, deliveries signed with it are taken, and Rotate secret replaces it', async () => {
    const actor = admin();
    const { view, responseUrl } = await openSetup(actor);
    expect(view?.callback_id).toBe('flag_setup_modal');
    const answer = await submitView(h, view, { flag_provider_block: 'generic', flag_environment_block: 'production', flag_signing_block: 'signed' }, actor);
    expect(answer.body).toBeUndefined();
    const shown = await answerOn(responseUrl);
    expect(shown.params.response_type).toBe('ephemeral');
    const { url, secret } = urlAndSecret(textOf(shown.params));
    const [connection] = await h.database.db.select().from(flagConnections).where(eq(flagConnections.workspaceId, actor.teamId));
    expect(url).toBe(`${h.appUrl.replace('127.0.0.1', 'localhost')}/flags/generic/${connection!.id}`);
    expect(secret).toMatch(/^whsec_/);
    expect(connection!.secretEncrypted).not.toContain(secret!.slice(6, 20));
    const body = genericBody('set_up', { enabled: true, rollout: 5, at: '2026-03-02T10:00:00Z' });
    expect(await deliver(url!, secret!, body)).toBe(200);

    const list = await backlog(h, actor, 'flags');
    const rotate = list.blocks.find((b) => b.block_id === `flag_connection:${connection!.id}`) as any;
    expect(rotate.text.text).toMatch(/Generic \(Standard Webhooks\).*production.*signed/);
    expect(JSON.stringify(list.blocks)).not.toContain(secret!);
    expect(textOf(list)).toContain('`set_up` is on for 5 % of production');
    const rotateUrl = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(actor, { action_id: 'flag_rotate_button', block_id: rotate.block_id, type: 'button', value: connection!.id }, { channelId: 'C_PRODUCT', messageTs: '1.1', responseUrl: rotateUrl }));
    const rotated = urlAndSecret(textOf((await answerOn(rotateUrl)).params));
    expect(rotated.url).toBe(url);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(await deliver(url!, secret!, genericBody('set_up', { enabled: true, rollout: 6, at: '2026-03-02T11:00:00Z' }))).toBe(401);
    expect(await deliver(url!, rotated.secret!, genericBody('set_up', { enabled: true, rollout: 7, at: '2026-03-02T12:00:00Z' }))).toBe(200);
  });

  it('when someone who is not an admin presses Rotate secret, then they are told whom to ask and the secret stays', async () => {
    const actor = admin();
    const { view, responseUrl } = await openSetup(actor);
    await submitView(h, view, { flag_provider_block: 'launchdarkly', flag_environment_block: 'prod', flag_signing_block: 'signed' }, actor);
    await answerOn(responseUrl);
    const [before] = await h.database.db.select().from(flagConnections).where(eq(flagConnections.workspaceId, actor.teamId));
    const other = { teamId: actor.teamId, userId: newActor().userId };
    const list = await backlog(h, other, 'flags');
    expect(list.blocks.some((b) => b.block_id === `flag_connection:${before!.id}` && 'accessory' in b)).toBe(false);
    const url = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(other, { action_id: 'flag_rotate_button', block_id: `flag_connection:${before!.id}`, type: 'button', value: before!.id }, { channelId: 'C_PRODUCT', messageTs: '1.1', responseUrl: url }));
    expect((await answerOn(url)).params.text).toMatch(/can connect flag systems/);
    const [after] = await h.database.db.select().from(flagConnections).where(eq(flagConnections.id, before!.id));
    expect(after!.secretEncrypted).toBe(before!.secretEncrypted);
  });

  it('when unsigned is chosen for a system that always signs, or GrowthBook comes without its key, then the field says so and nothing is stored', async () => {
    const actor = admin();
    const { view } = await openSetup(actor);
    const unsigned = await submitView(h, view, { flag_provider_block: 'generic', flag_environment_block: 'production', flag_signing_block: 'unsigned' }, actor);
    expect(unsigned.body?.errors.flag_signing_block).toMatch(/always signs/);
    const keyless = await submitView(h, view, { flag_provider_block: 'growthbook', flag_environment_block: 'production', flag_signing_block: 'signed' }, actor);
    expect(keyless.body?.errors.flag_pasted_key_block).toMatch(/GrowthBook makes the key/);
    expect(await h.database.db.select().from(flagConnections).where(eq(flagConnections.workspaceId, actor.teamId))).toEqual([]);
  });

  it('when an admin chooses unsigned Unleash, then the answer warns and deliveries without Authorization are taken', async () => {
    const actor = admin();
    const { view, responseUrl } = await openSetup(actor);
    await submitView(h, view, { flag_provider_block: 'unleash', flag_environment_block: 'production', flag_signing_block: 'unsigned' }, actor);
    const text = textOf((await answerOn(responseUrl)).params);
    expect(text).toMatch(/Unsigned.*anyone who learns this URL/);
    const { url } = urlAndSecret(text);
    const body = JSON.stringify({ id: 1, type: 'feature-environment-enabled', createdBy: 'x', createdAt: '2026-03-02T10:00:00Z', featureName: 'open_door', environment: 'production', project: 'default', data: null, preData: null, tags: [] });
    expect(await deliver(url!, null, body, {})).toBe(200);
  });

  it('when an admin connects GrowthBook with its key, then deliveries signed with that key are taken', async () => {
    const actor = admin();
    const key = growthBookKey();
    const { view, responseUrl } = await openSetup(actor);
    expect((await submitView(h, view, { flag_provider_block: 'growthbook', flag_environment_block: 'production', flag_signing_block: 'signed', flag_pasted_key_block: key }, actor)).body).toBeUndefined();
    const text = textOf((await answerOn(responseUrl)).params);
    expect(text).not.toContain(key);
    const { url } = urlAndSecret(text);
    const { raw } = loadFixture('growthbook', 'feature-updated');
    const status = (await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders('growthbook', key, raw) }, body: new Uint8Array(raw) })).status;
    expect(status).toBe(200);
  });
});
