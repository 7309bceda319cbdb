import { describe, expect, it } from 'vitest';
import { parseGenericWebhook } from '../../src/flags/providers/generic.ts';
import { loadFixture } from './fixtures.ts';

describe('generic adapter (Standard Webhooks body)', () => {
  it('when the documented body has a rollout, then it is one event with that percentage and the webhook-id as its id', () => {
    const { body } = loadFixture('generic', 'rollout-25');
    expect(parseGenericWebhook(body, { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' })).toEqual({
      kind: 'events',
      events: [
        {
          flagKey: 'checkout_v2',
          environment: 'production',
          enabled: true,
          rolloutPercent: 25,
          occurredAt: new Date('2026-03-02T09:30:00Z'),
          eventId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
        },
      ],
    });
  });

  it('when the rollout is left out, then the event says there is no percentage rule, at the instant its offset names', () => {
    const { body } = loadFixture('generic', 'on-without-rollout');
    const result = parseGenericWebhook(body, {});
    expect(result).toMatchObject({ kind: 'events', events: [{ enabled: true, rolloutPercent: null, occurredAt: new Date('2026-03-02T09:00:00Z') }] });
  });

  it('when no webhook-id came, then the id is a hash of the body, the same for the same body', () => {
    const { body } = loadFixture('generic', 'rollout-25');
    const first = parseGenericWebhook(body, {});
    const again = parseGenericWebhook(structuredClone(body), {});
    const other = parseGenericWebhook({ ...body, rollout: 50 }, {});
    const id = (result: typeof first) => (result.kind === 'events' ? result.events[0]?.eventId : undefined);
    expect(id(first)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(id(again)).toBe(id(first));
    expect(id(other)).not.toBe(id(first));
  });

  it.each([
    ['a rollout over 100', { rollout: 120 }, /^rollout: /],
    ['enabled as a string', { enabled: 'yes' }, /^enabled: /],
    ['no flag', { flag: undefined }, /^flag: /],
    ['a time without a zone', { at: '2026-03-02 09:30' }, /^at: /],
  ])('when the body has %s, then it is a bad payload saying which field', (_what, change, reason) => {
    const { body } = loadFixture('generic', 'rollout-25');
    const result = parseGenericWebhook({ ...body, ...change }, {});
    expect(result.kind).toBe('bad_payload');
    expect(result.kind === 'bad_payload' && result.reason).toMatch(reason);
  });

  it('when the body is not an object, then it is a bad payload about the body', () => {
    expect(parseGenericWebhook([1, 2], {})).toMatchObject({ kind: 'bad_payload', reason: expect.stringMatching(/^body: /) });
  });
});
