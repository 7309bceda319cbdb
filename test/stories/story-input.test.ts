import { describe, expect, it } from 'vitest';
import { implementationTip, parseStoryInput } from '../../src/stories/story-input.ts';

const story = { title: 'Read at night', persona: 'nurse', want: 'read notes in the dark', benefit: 'patients sleep', criteria: 'a\nb', flagKey: '' };

describe('story input', () => {
  it.each([
    'Add a dark mode toggle', 'Implement SSO', 'Migrate to Postgres 16', 'Refactor the billing module', 'Use Redis for sessions',
    'add a checkbox to the signup form', 'Add an export button', 'Build a settings component', 'Build a REST endpoint for invoices',
    'Use GraphQL instead of REST', 'Use Memcached for sessions', 'Implementing dark mode', 'Migration to the new billing provider',
  ])('when the title is %j, then a rewrite tip is given', (title) => {
    expect(implementationTip({ title, want: 'do my job' })).toMatch(/names a solution/);
  });

  it.each([
    'Read the app comfortably at night', 'Pay an invoice from Slack', 'Users can see their addresses',
    'Create an invoice without leaving Slack', 'Install the app on my phone', 'Add items to my cart from the list',
    'Use the app offline on the subway', 'Use Slack to approve expenses', 'Build a weekly plan with my team',
    'Switch to another workspace quickly', 'Upgrade my plan without calling sales', 'See which tables are free tonight',
    'Rewrite a message after sending it', 'Introduce myself to new teammates',
  ])('when the title is %j, then no tip is given', (title) => {
    expect(implementationTip({ title, want: 'finish work before the deadline' })).toBeUndefined();
  });

  it('when "I want to" names an implementation, then a tip is given', () => {
    expect(implementationTip({ title: 'Faster checkout', want: 'to add a button that skips the review page' })).toMatch(/names a solution/);
  });

  it('when criteria have blank lines around them, then only the written lines are kept', () => {
    const parsed = parseStoryInput({ ...story, criteria: '\n first \n\n second\n' });
    expect(parsed.ok && parsed.value.criteria).toBe('first\nsecond');
  });

  it('when the flag key has capitals or spaces, then it is refused; when it fits the pattern, it is kept', () => {
    expect(parseStoryInput({ ...story, flagKey: 'Dark Mode' })).toMatchObject({ ok: false, errors: { flagKey: expect.stringMatching(/lowercase/) } });
    expect(parseStoryInput({ ...story, flagKey: 'reader.dark-mode_v2' })).toMatchObject({ ok: true, value: { flagKey: 'reader.dark-mode_v2' } });
    expect(parseStoryInput({ ...story, flagKey: 'x'.repeat(65) })).toMatchObject({ ok: false });
  });

  it('when a persona is longer than 100 characters, then it is refused with the count', () => {
    expect(parseStoryInput({ ...story, persona: 'p'.repeat(101) })).toMatchObject({ ok: false, errors: { persona: 'Keep this to 100 characters or fewer (it has 101).' } });
  });
});
