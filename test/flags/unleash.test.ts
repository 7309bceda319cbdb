import { describe, expect, it } from 'vitest';
import { parseUnleashWebhook } from '../../src/flags/providers/unleash.ts';
import { loadFixture } from './fixtures.ts';

const parse = (name: string) => parseUnleashWebhook(loadFixture('unleash', name).body, {});

describe('Unleash adapter (webhook integration, event format)', () => {
  it('when an environment is enabled, then the flag is on there and the rollout is not stated, with the event id and time', () => {
    expect(parse('feature-environment-enabled')).toEqual({
      kind: 'events',
      events: [{ flagKey: 'new-feature', environment: 'development', enabled: true, occurredAt: new Date('2022-06-02T12:09:03.045Z'), eventId: '930' }],
    });
  });

  it('when an environment is disabled, then the flag is off there', () => {
    expect(parse('feature-environment-disabled')).toMatchObject({ kind: 'events', events: [{ environment: 'development', enabled: false, eventId: '931' }] });
  });

  it('when a flexibleRollout strategy is updated, then its new rollout parameter is the percentage and on/off is not stated', () => {
    const result = parse('feature-strategy-update');
    expect(result).toEqual({
      kind: 'events',
      events: [{ flagKey: 'new-feature', environment: 'default', rolloutPercent: 32, occurredAt: new Date('2022-06-01T10:03:11.549Z'), eventId: '920' }],
    });
  });

  it('when a flexibleRollout strategy is added, then its rollout is the percentage', () => {
    expect(parse('feature-strategy-add')).toMatchObject({ kind: 'events', events: [{ rolloutPercent: 67, eventId: '27335' }] });
  });

  it.each(['feature-created', 'feature-archived', 'feature-strategy-remove'])('when the documented %s event comes, then it is no event', (name) => {
    expect(parse(name)).toEqual({ kind: 'events', events: [] });
  });

  it('when the strategy is another kind or disabled, then it tells no rollout', () => {
    const { body } = loadFixture('unleash', 'feature-strategy-add');
    const data = body.data as Record<string, unknown>;
    expect(parseUnleashWebhook({ ...body, data: { ...data, name: 'userWithId' } }, {})).toEqual({ kind: 'events', events: [] });
    expect(parseUnleashWebhook({ ...body, data: { ...data, disabled: true } }, {})).toEqual({ kind: 'events', events: [] });
  });

  it.each([
    ['an environment event without environment', 'feature-environment-enabled', { environment: null }, /^environment: /],
    ['no id', 'feature-environment-enabled', { id: undefined }, /^id: /],
    ['a rollout that is no number', 'feature-strategy-update', { data: { name: 'flexibleRollout', parameters: { rollout: 'lots' } } }, /^data\.parameters\.rollout: /],
    ['a rollout over 100', 'feature-strategy-update', { data: { name: 'flexibleRollout', parameters: { rollout: '150' } } }, /^data\.parameters\.rollout: /],
  ])('when the body has %s, then it is a bad payload naming the field', (_what, name, change, reason) => {
    const result = parseUnleashWebhook({ ...loadFixture('unleash', name).body, ...change }, {});
    expect(result.kind === 'bad_payload' && result.reason).toMatch(reason);
  });
});
