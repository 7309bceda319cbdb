import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newActor } from '../support/bug-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendSlashCommand } from '../../src/sandbox/deliver.ts';

describe('single-workspace authorization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('pglite');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('when auth.test fails once, then that request is dropped and the next one works', async () => {
    h.emulator.failNext('auth.test', { status: 500 });
    const actor = newActor();
    const send = (triggerId: string) => sendSlashCommand(h.appUrl, { ...actor, command: '/bug', text: 'x', triggerId, responseUrl: h.emulator.responseUrl() });
    await send('first-trigger');
    await send('second-trigger');
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === 'second-trigger'));
    expect(h.emulator.callsTo('views.open').map((c) => c.params.trigger_id)).toEqual(['second-trigger']);
    expect(h.emulator.callsTo('auth.test')).toHaveLength(2);
  });
});
