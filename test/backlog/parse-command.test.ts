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

describe('team: in /backlog', () => {
  it('when a list names a team, then the rest reads as without it and the team comes along', () => {
    expect(parseBacklogCommand('list bugs team:web new')).toEqual({ kind: 'list', types: ['bug'], status: 'new', team: 'web' });
    expect(parseBacklogCommand('team:web triage')).toEqual({ kind: 'help', unknown: 'team:web' });
    expect(parseBacklogCommand('triage team:"Mobile apps"')).toEqual({ kind: 'triage', team: 'Mobile apps' });
    expect(parseBacklogCommand('search checkout team:Web')).toEqual({ kind: 'search', text: 'checkout', team: 'Web' });
    expect(parseBacklogCommand('mine TEAM:web')).toEqual({ kind: 'mine', team: 'web' });
  });

  it('when team: names nothing, then it says how to name one', () => {
    expect(parseBacklogCommand('list team:')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Which team?') });
    expect(parseBacklogCommand('list team:""')).toMatchObject({ kind: 'invalid' });
  });

  it('when show or settings get team:, then it is not read as a team filter', () => {
    expect(parseBacklogCommand('show BUG-1 team:web')).toMatchObject({ kind: 'invalid' });
    expect(parseBacklogCommand('list')).toEqual({ kind: 'list', types: ['bug', 'story'] });
  });

  it('when flags is asked for, with setup or a team, then it is read; anything else after it gets a hint', () => {
    expect(parseBacklogCommand('flags')).toEqual({ kind: 'flags', setup: false });
    expect(parseBacklogCommand('flags SETUP team:"web app"')).toEqual({ kind: 'flags', setup: true, team: 'web app' });
    expect(parseBacklogCommand('flags rotate')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/backlog flags setup') });
  });
});
