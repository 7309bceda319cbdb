import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamFieldIds } from '../../src/blocks/ids.ts';
import { FLAG_NOTE_BLOCK_ID } from '../../src/blocks/story-modal.ts';
import { interactionFrom, sendInteraction, viewSubmission } from '../../src/sandbox/deliver.ts';
import { newActor, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { connectFlags, deliverFlag, genericBody } from '../support/flag-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { openStoryModal, validStory } from '../support/story-flow.ts';

describe.each(dbKinds)('the story form says what is known of its flag key, on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Enter in the flag key of an open story form, with `values` typed: the form as views.update redrew it. */
  async function pressEnter(actor: ReturnType<typeof newActor>, view: any, values: Record<string, string>, extraState: Record<string, unknown> = {}) {
    const built = (viewSubmission(view, values, actor) as { view: { state: { values: Record<string, unknown> } } }).view.state;
    const state = { values: { ...built.values, ...extraState } };
    const payload = {
      ...interactionFrom('block_actions', actor, 'writer'),
      container: { type: 'view', view_id: view.id },
      view: { ...view, team_id: actor.teamId, state, hash: `hash-${view.id}` },
      actions: [{ type: 'plain_text_input', action_id: 'flag_key_input', block_id: 'flag_key_block', value: values.flag_key_block, action_ts: `${Date.now() / 1000}` }],
    };
    const updatesOf = (calls: typeof h.emulator.calls) => calls.filter((c) => c.method === 'views.update' && c.params.view_id === view.id);
    const before = updatesOf(h.emulator.calls).length;
    expect((await sendInteraction(h.appUrl, payload)).status).toBe(200);
    const update = await h.emulator.waitFor((calls) => (updatesOf(calls).length > before ? updatesOf(calls).at(-1) : undefined));
    expect(update.params.hash).toBe(`hash-${view.id}`);
    return update.params.view as { blocks: any[] };
  }
  const noteOf = (redrawn: { blocks: any[] }) => redrawn.blocks.find((b) => b.block_id === FLAG_NOTE_BLOCK_ID)?.elements[0].text as string | undefined;

  it('when the key has had a flag event, then the form shows its state under the key, keeps what was typed, and still saves', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    expect((await deliverFlag(h, connection, genericBody('noted_key', { enabled: true, rollout: 25, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
    const view = await openStoryModal(h, actor, '');
    const flagInput = view.blocks.find((b: any) => b.block_id === 'flag_key_block');
    expect(flagInput.dispatch_action).toBe(true);
    const typed = { ...validStory, title_block: 'Pay by link', flag_key_block: 'noted_key' };
    const redrawn = await pressEnter(actor, view, typed);
    expect(noteOf(redrawn)).toContain('`noted_key` is on for 25 % of production');
    // Right under the key, and every typed field kept.
    const at = redrawn.blocks.findIndex((b) => b.block_id === 'flag_key_block');
    expect(redrawn.blocks[at + 1].block_id).toBe(FLAG_NOTE_BLOCK_ID);
    expect(redrawn.blocks.find((b) => b.block_id === 'title_block').element.initial_value).toBe('Pay by link');
    // Enter again: one note, not two.
    const again = await pressEnter(actor, { ...view, blocks: redrawn.blocks }, typed);
    expect(again.blocks.filter((b) => b.block_id === FLAG_NOTE_BLOCK_ID)).toHaveLength(1);
    const answer = await submitView(h, { ...view, blocks: again.blocks }, typed, actor);
    expect(answer.body).toBeUndefined();
  });

  it('when the key is new, or not a key, then the form says so and nothing is stored', async () => {
    const actor = newActor();
    const view = await openStoryModal(h, actor, '');
    expect(noteOf(await pressEnter(actor, view, { ...validStory, flag_key_block: 'never_seen' }))).toMatch(/^Nothing is known of `never_seen` yet/);
    const refused = noteOf(await pressEnter(actor, view, { ...validStory, flag_key_block: 'Not A <Key>' }));
    expect(refused).toMatch(/^:warning: Use 1–64 lowercase letters/);
    expect(refused).not.toContain('<Key>');
  });

  it('when the form names a team of another workspace, then that team\'s flag states are not shown: the note is about the form\'s own workspace', async () => {
    const owner = newActor();
    const connection = await connectFlags(h, owner, 'generic');
    expect((await deliverFlag(h, connection, genericBody('elsewhere_key', { enabled: true, rollout: 60, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
    const stranger = newActor();
    const view = await openStoryModal(h, stranger, '');
    const forged = { [teamFieldIds.blockId]: { [teamFieldIds.actionId]: { type: 'static_select', selected_option: { value: String(connection.connection.teamId) } } } };
    const note = noteOf(await pressEnter(stranger, view, { ...validStory, flag_key_block: 'elsewhere_key' }, forged));
    expect(note).toMatch(/^Nothing is known of `elsewhere_key` yet/);
    expect(note).not.toContain('60 %');
  });
});
