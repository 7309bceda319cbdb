import { describe, expect, it } from 'vitest';
import { parseGrowthBookWebhook } from '../../src/flags/providers/growthbook.ts';
import { loadFixture } from './fixtures.ts';

const fixture = (name: string) => loadFixture('growthbook', name).body;

describe('GrowthBook adapter (event webhooks)', () => {
  it('when feature.updated comes, then each environment it concerns is an event: production at the rollout rule coverage, staging with no rule', () => {
    const result = parseGrowthBookWebhook(fixture('feature-updated'), {});
    expect(result.kind === 'events' && result.events).toEqual([
      expect.objectContaining({ flagKey: 'checkout_v2', environment: 'production', enabled: true, rolloutPercent: 25, occurredAt: new Date('2026-03-02T09:30:00.000Z') }),
      expect.objectContaining({ flagKey: 'checkout_v2', environment: 'staging', enabled: true, rolloutPercent: null }),
    ]);
  });

  it('when the payload names one environment, then only that one is an event; a webhook-id header is its id', () => {
    const result = parseGrowthBookWebhook({ ...fixture('feature-updated'), environments: ['staging'] }, { 'Webhook-Id': 'msg_1' });
    expect(result).toMatchObject({ kind: 'events', events: [{ environment: 'staging', eventId: 'msg_1:staging' }] });
    expect(result.kind === 'events' && result.events).toHaveLength(1);
  });

  it('when the rollout rule is disabled, then production has no percentage rule', () => {
    const body = fixture('feature-updated');
    const rules = (body.data as any).object.environments.production.rules as { type: string; enabled: boolean }[];
    for (const rule of rules) rule.enabled = false;
    const result = parseGrowthBookWebhook(body, {});
    expect(result.kind === 'events' && result.events[0]).toMatchObject({ environment: 'production', enabled: true, rolloutPercent: null });
  });

  it('when the same body comes twice, then the ids are the same; they differ per environment', () => {
    const first = parseGrowthBookWebhook(fixture('feature-updated'), {});
    const again = parseGrowthBookWebhook(fixture('feature-updated'), {});
    const ids = (result: typeof first) => (result.kind === 'events' ? result.events.map((event) => event.eventId) : []);
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(2);
  });

  it('when feature.created comes, or the feature is archived, then it is no event', () => {
    expect(parseGrowthBookWebhook(fixture('feature-created'), {})).toEqual({ kind: 'events', events: [] });
    const archived = fixture('feature-updated');
    (archived.data as any).object.archived = true;
    expect(parseGrowthBookWebhook(archived, {})).toEqual({ kind: 'events', events: [] });
  });

  it.each([
    ['no event name', { event: undefined }, /^event: /],
    ['a feature without dateUpdated', { data: { object: { id: 'checkout_v2' } } }, /^data\.object\.dateUpdated: /],
    ['a coverage over 1', { data: { object: { id: 'x', dateUpdated: '2026-03-02T09:30:00Z', environments: { production: { enabled: true, rules: [{ type: 'rollout', coverage: 25 }] } } } } }, /coverage: /],
  ])('when the body has %s, then it is a bad payload naming the field', (_what, change, reason) => {
    const result = parseGrowthBookWebhook({ ...fixture('feature-updated'), ...change }, {});
    expect(result.kind === 'bad_payload' && result.reason).toMatch(reason);
  });
});
