import { describe, expect, it } from 'vitest';
import { parseFlagsmithWebhook } from '../../src/flags/providers/flagsmith.ts';
import { loadFixture } from './fixtures.ts';

const fixture = (name: string) => loadFixture('flagsmith', name).body;

describe('Flagsmith adapter (environment webhooks)', () => {
  it('when the documented FLAG_UPDATED comes, then the feature is on in its environment, with no rollout stated, at the data timestamp', () => {
    const result = parseFlagsmithWebhook(fixture('flag-updated'), {});
    expect(result).toEqual({
      kind: 'events',
      events: [
        {
          flagKey: 'butter_bar',
          environment: 'Development',
          enabled: true,
          occurredAt: new Date('2021-06-18T07:50:26.595Z'),
          eventId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        },
      ],
    });
  });

  it('when the environment is a bare id (the older sample), then the environment is that id as text', () => {
    expect(parseFlagsmithWebhook(fixture('flag-updated-environment-id'), {})).toMatchObject({
      kind: 'events',
      events: [{ flagKey: 'feature_name', environment: '23', enabled: true }],
    });
  });

  it('when the update is a segment or identity override, or another event type, then it is no event', () => {
    const body = fixture('flag-updated');
    const data = body.data as { new_state: Record<string, unknown> };
    const overridden = (change: Record<string, unknown>) => ({ ...body, data: { ...data, new_state: { ...data.new_state, ...change } } });
    expect(parseFlagsmithWebhook(overridden({ feature_segment: { id: 4, segment: 9 } }), {})).toEqual({ kind: 'events', events: [] });
    expect(parseFlagsmithWebhook(overridden({ identity_identifier: 'user_123' }), {})).toEqual({ kind: 'events', events: [] });
    expect(parseFlagsmithWebhook({ ...body, event_type: 'FLAG_DELETED' }, {})).toEqual({ kind: 'events', events: [] });
  });

  it('when the audit log webhook sample comes instead, then it is a bad payload: it has no event_type', () => {
    expect(parseFlagsmithWebhook(fixture('audit-log'), {})).toMatchObject({ kind: 'bad_payload', reason: expect.stringMatching(/^event_type: /) });
  });

  it('when new_state has no enabled, then it is a bad payload naming the field', () => {
    const body = fixture('flag-updated');
    const data = body.data as { new_state: Record<string, unknown> };
    const result = parseFlagsmithWebhook({ ...body, data: { ...data, new_state: { ...data.new_state, enabled: undefined } } }, {});
    expect(result.kind === 'bad_payload' && result.reason).toMatch(/^data\.new_state\.enabled: /);
  });
});
