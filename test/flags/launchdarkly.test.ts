import { describe, expect, it } from 'vitest';
import { parseLaunchDarklyWebhook } from '../../src/flags/providers/launchdarkly.ts';
import { loadFixture } from './fixtures.ts';

const fixture = (name: string) => loadFixture('launchdarkly', name).body;

describe('LaunchDarkly adapter (audit log entry)', () => {
  it('when the default rule becomes a 25/75 percentage rollout in production, then production is on for 25 % at the entry date', () => {
    expect(parseLaunchDarklyWebhook(fixture('flag-rollout-25'), {})).toEqual({
      kind: 'events',
      events: [
        {
          flagKey: 'alternate.page',
          environment: 'production',
          enabled: true,
          rolloutPercent: 25,
          occurredAt: new Date(1472243938774),
          eventId: '57c0a8e29969090743529970:production',
        },
      ],
    });
  });

  it('when the default rule serves the on variation, then there is no percentage rule; serving the off variation is 0 %', () => {
    expect(parseLaunchDarklyWebhook(fixture('flag-served-to-everyone'), {})).toMatchObject({ kind: 'events', events: [{ enabled: true, rolloutPercent: null }] });
    const body = fixture('flag-served-to-everyone');
    const flag = body.currentVersion as { environments: Record<string, { fallthrough: unknown }> };
    flag.environments.production!.fallthrough = { variation: 1 };
    expect(parseLaunchDarklyWebhook(body, {})).toMatchObject({ kind: 'events', events: [{ rolloutPercent: 0 }] });
  });

  it('when only the test environment is named, then only test has an event, off as its currentVersion says', () => {
    const body = { ...fixture('flag-rollout-25'), accesses: [{ action: 'updateOn', resource: 'proj/default:env/test:flag/alternate.page;ops' }] };
    expect(parseLaunchDarklyWebhook(body, {})).toMatchObject({ kind: 'events', events: [{ environment: 'test', enabled: false }] });
  });

  it('when the documented sample (an environment renamed) comes, then it is no event', () => {
    expect(parseLaunchDarklyWebhook(fixture('environment-renamed'), {})).toEqual({ kind: 'events', events: [] });
  });

  it('when a flag is archived (no environment named) or the entry has no currentVersion, then it is no event', () => {
    const archived = { ...fixture('flag-rollout-25'), accesses: [{ action: 'updateGlobalArchived', resource: 'proj/default:env/*:flag/alternate.page' }] };
    expect(parseLaunchDarklyWebhook(archived, {})).toEqual({ kind: 'events', events: [] });
    const { currentVersion: _dropped, ...summary } = fixture('flag-rollout-25');
    expect(parseLaunchDarklyWebhook(summary, {})).toEqual({ kind: 'events', events: [] });
  });

  it.each([
    ['no _id', { _id: undefined }, /^_id: /],
    ['a date that is text', { date: '2016-08-26' }, /^date: /],
    ['a currentVersion without environments', { currentVersion: { key: 'alternate.page' } }, /^currentVersion\.environments: /],
  ])('when the entry has %s, then it is a bad payload naming the field', (_what, change, reason) => {
    const result = parseLaunchDarklyWebhook({ ...fixture('flag-rollout-25'), ...change }, {});
    expect(result.kind === 'bad_payload' && result.reason).toMatch(reason);
  });
});
