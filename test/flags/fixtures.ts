import { readFileSync } from 'node:fs';
import type { FlagProvider } from '../../src/flags/types.ts';

/** A documented body from test/fixtures/flags/<provider>/<name>.json without its `_source` note, and the bytes a provider would send. */
export function loadFixture(provider: FlagProvider, name: string): { body: Record<string, unknown>; raw: Buffer } {
  const { _source, ...body } = JSON.parse(readFileSync(new URL(`../fixtures/flags/${provider}/${name}.json`, import.meta.url), 'utf8'));
  if (typeof _source !== 'string') throw new Error(`${provider}/${name}.json names no _source`);
  return { body, raw: Buffer.from(JSON.stringify(body)) };
}
