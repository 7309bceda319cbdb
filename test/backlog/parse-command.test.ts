import { describe, expect, it } from 'vitest';
import { parseBacklogCommand } from '../../src/backlog/parse-command.ts';

describe('parseBacklogCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['frobnicate x', { kind: 'help', unknown: 'frobnicate' }],
    ['list', { kind: 'list', types: ['bug', 'story'] }],
    ['list bugs', { kind: 'list', types: ['bug'] }],
    ['LIST stories in-progress', { kind: 'list', types: ['story'], status: 'in_progress' }],
    ['list needs info', { kind: 'list', types: ['bug'], status: 'needs_info' }],
    ['list ready', { kind: 'list', types: ['story'], status: 'ready' }],
    ['show bug-12', { kind: 'show', type: 'bug', number: 12 }],
    ['show STORY-3', { kind: 'show', type: 'story', number: 3 }],
    ['search login   timeout', { kind: 'search', text: 'login timeout' }],
    ['triage', { kind: 'triage' }],
    ['mine', { kind: 'mine' }],
    ['digest', { kind: 'digest' }],
    ['settings', { kind: 'settings' }],
    ['Teams', { kind: 'teams' }],
  ])('when the text is %j, then it reads %o', (text, expected) => {
    expect(parseBacklogCommand(text)).toEqual(expected);
  });

  it.each([
    ['list bugs ready', /not a status/],
    ['show', /Give its key/],
    ['show BUG-x', /Give its key/],
    ['show BUG-1 BUG-2', /Give its key/],
    ['search', /Search for what/],
    [`search ${'x'.repeat(201)}`, /200 characters/],
  ])('when the text is %j, then it explains what to type instead', (text, message) => {
    const parsed = parseBacklogCommand(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(message);
  });
});
