import { describe, expect, it } from 'vitest';
import { buildTeamList } from '../../src/blocks/team-list.ts';
import type { TeamOverview } from '../../src/teams/team-overview.ts';
import { unsavedDefaultTeam } from '../../src/teams/team-store.ts';
import { messageLimitProblems } from '../support/slack-limits.ts';

function overview(count: number): TeamOverview[] {
  const base = unsavedDefaultTeam('T1');
  return Array.from({ length: count }, (_, i) => ({
    team: { ...base, id: i + 1, isDefault: i === 0, name: i === 0 ? 'Acme' : `Team ${String(i).padStart(3, '0')} ${'&'.repeat(31)}` },
    channelIds: Array.from({ length: 20 }, (_, c) => `C${i}X${c}`),
    ready: i,
    openBugs: 2 * i,
  }));
}

const teamLines = (blocks: { block_id?: string }[]) => blocks.filter((b) => b.block_id?.startsWith('team:')).length;

describe('buildTeamList', () => {
  it('when 48 teams fit in one message, then every team has its line and there is no "and N more"', () => {
    const { blocks } = buildTeamList(overview(48), { canManage: true });
    expect([blocks.length, teamLines(blocks)]).toEqual([50, 48]);
    expect(blocks.some((b) => b.block_id === 'teams_more')).toBe(false);
    expect(messageLimitProblems({ blocks })).toEqual([]);
  });

  it('when 49 teams do not fit, then 47 are listed, the rest named in one line and offered in the Edit menu', () => {
    const { blocks } = buildTeamList(overview(49), { canManage: true });
    expect([blocks.length, teamLines(blocks)]).toEqual([50, 47]);
    expect(JSON.stringify(blocks.find((b) => b.block_id === 'teams_more'))).toContain('…and 2 more: Team 047');
    expect(messageLimitProblems({ blocks })).toEqual([]);
  });

  it('when there are 250 teams, then the menu stops at 100 and the "more" line at its limit, within what Slack takes', () => {
    const { blocks } = buildTeamList(overview(250), { canManage: true });
    const actions = blocks.find((b) => b.block_id === 'teams_actions') as { elements: { options?: unknown[] }[] };
    expect(actions.elements[1]!.options).toHaveLength(100);
    expect(messageLimitProblems({ blocks })).toEqual([]);
    expect(messageLimitProblems(buildTeamList(overview(250), { canManage: false, ask: [] }))).toEqual([]);
  });
});
