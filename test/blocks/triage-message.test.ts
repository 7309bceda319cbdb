import { describe, expect, it } from 'vitest';
import { buildTriageMessage } from '../../src/blocks/triage-message.ts';
import type { Bug } from '../../src/db/schema.ts';
import { blockLimitProblems } from '../support/slack-limits.ts';

function bug(overrides: Partial<Bug> = {}): Bug {
  const at = new Date('2026-11-20T10:00:00Z');
  return {
    id: 7, workspaceId: 'T1', teamId: 1, number: 3, summary: 'Login fails', steps: '1. Open\n2. Log in', expected: 'I am in', actual: 'Spinner forever',
    environment: 'Safari 17', link: 'https://example.com/issue', sourcePermalink: null, sourceChannelId: null, sourceTs: null, status: 'new', resolution: null, duplicateOfId: null,
    probability: null, impact: null, ownerId: null, reporterId: 'UREPORTER', channelId: 'C1', threadChannelId: null, threadTs: null,
    triageChannelId: null, triageTs: null, needsInfoSince: null, sourceViewId: 'V1', createdAt: at, updatedAt: at, resolvedAt: null, searchVector: '',
    ...overrides,
  };
}

type Section = { type: string; block_id?: string; text?: { text: string }; fields?: { text: string }[] };
const blockOf = (blocks: unknown[], id: string) => (blocks as Section[]).find((b) => b.block_id === id);
const textOf = (blocks: unknown[], id: string) => blockOf(blocks, id)?.text?.text;
/** Every `&` starts one of the three entities escaping makes: none was cut in half. */
const entitiesWhole = (text: string) => !/&(?!amp;|lt;|gt;)/.test(text);

describe('the triage message, as data', () => {
  it('when a bug has every field, then steps, expected, actual and environment each have their own place, escaped', () => {
    const { blocks } = buildTriageMessage(bug({ steps: 'Click <Save> & wait', environment: 'Chrome <120>' }));
    expect(textOf(blocks, 'triage_summary_block')).toBe(':beetle: *BUG-3* Login fails');
    expect(textOf(blocks, 'triage_steps_block')).toBe('*Steps to reproduce*\nClick &lt;Save&gt; &amp; wait');
    expect(textOf(blocks, 'triage_expected_block')).toBe('*Expected*\nI am in');
    expect(textOf(blocks, 'triage_actual_block')).toBe('*Actual*\nSpinner forever');
    expect(blockOf(blocks, 'triage_fields_block')?.fields?.map((f) => f.text)).toContain('*Environment*\nChrome &lt;120&gt;');
    expect(JSON.stringify(blockOf(blocks, 'triage_links_block'))).toContain('<https://example.com/issue|link>');
  });

  it('when actual is as long as it may be, then expected is still shown in full', () => {
    const { blocks } = buildTriageMessage(bug({ actual: 'x'.repeat(3000), expected: 'The page loads' }));
    expect(textOf(blocks, 'triage_expected_block')).toBe('*Expected*\nThe page loads');
    expect(textOf(blocks, 'triage_actual_block')).toMatch(/^\*Actual\*\nx+…$/);
  });

  it('when every field is at its maximum and made of characters that grow when escaped, then each is cut before escaping, ends with …, and fits Slack', () => {
    const message = buildTriageMessage(
      bug({ summary: '&'.repeat(150), steps: 'a&'.repeat(1500), expected: '<'.repeat(3000), actual: '🐛'.repeat(3000), environment: '>'.repeat(300), link: `https://example.com/${'é'.repeat(1970)}` }),
    );
    const { blocks } = message;
    expect(blockLimitProblems(blocks)).toEqual([]);
    for (const id of ['triage_steps_block', 'triage_expected_block', 'triage_actual_block']) {
      const text = textOf(blocks, id)!;
      expect(text.length, id).toBeLessThanOrEqual(3000);
      expect(text.endsWith('…'), id).toBe(true);
      expect(entitiesWhole(text), id).toBe(true);
    }
    // An emoji is two UTF-16 units: cut between emoji, never inside one.
    expect(textOf(blocks, 'triage_actual_block')!.isWellFormed()).toBe(true);
    const environment = blockOf(blocks, 'triage_fields_block')!.fields!.find((f) => f.text.startsWith('*Environment*'))!.text;
    // 300 characters escape to at most 1500: the environment always fits its field whole.
    expect(environment).toBe(`*Environment*\n${'&gt;'.repeat(300)}`);
    // A summary of 150 ampersands escapes to 750 characters: it fits, so it is not cut.
    expect(textOf(blocks, 'triage_summary_block')).toBe(`:beetle: *BUG-3* ${'&amp;'.repeat(150)}`);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });
});
