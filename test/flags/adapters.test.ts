import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlagWebhook } from '../../src/flags/adapters.ts';
import { type FlagProvider, flagProviders } from '../../src/flags/types.ts';
import { loadFixture } from './fixtures.ts';

const documented: [FlagProvider, string][] = [
  ['generic', 'rollout-25'],
  ['unleash', 'feature-strategy-update'],
  ['unleash', 'feature-environment-enabled'],
  ['launchdarkly', 'flag-rollout-25'],
  ['growthbook', 'feature-updated'],
  ['flagsmith', 'flag-updated'],
];

/** Every path to a value in a JSON body, so one can be replaced. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
}

function replaced(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[head] = replaced(copy[head], rest, value);
  return copy;
}

describe('parseFlagWebhook', () => {
  it.each(flagProviders)('when %s gets any JSON at all, then it answers events or a bad payload and never throws', (provider) => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.string()), (body, headers) => {
        const result = parseFlagWebhook(provider, body, headers);
        expect(['events', 'bad_payload']).toContain(result.kind);
      }),
      { numRuns: 300 },
    );
  });

  it.each(documented)('when any one value of the documented %s %s body is replaced by any JSON, then it still never throws', (provider, name) => {
    const { body } = loadFixture(provider, name);
    const everyPath = paths(body);
    fc.assert(
      fc.property(fc.constantFrom(...everyPath), fc.jsonValue(), (path, value) => {
        expect(['events', 'bad_payload']).toContain(parseFlagWebhook(provider, replaced(body, path, value), {}).kind);
      }),
      { numRuns: 300 },
    );
  });

  it('when a body is sent to the adapter of the provider it came from, then it is read by that provider format', () => {
    const { body } = loadFixture('flagsmith', 'flag-updated');
    expect(parseFlagWebhook('flagsmith', body, {})).toMatchObject({ kind: 'events', events: [{ flagKey: 'butter_bar' }] });
    expect(parseFlagWebhook('unleash', body, {})).toMatchObject({ kind: 'bad_payload' });
  });
});
