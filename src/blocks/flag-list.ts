import type { KnownBlock, SectionBlock } from '@slack/types';
import type { FlagConnection } from '../db/schema.ts';
import { storyKey } from '../items/types.ts';
import type { SettingsAdmin } from '../settings/permissions.ts';
import type { TeamFlags } from '../rollouts/flag-overview.ts';
import { storyStatusLabels } from '../stories/lifecycle.ts';
import { truncate } from '../text/limits.ts';
import { providerLabels } from './flag-setup.ts';
import { flagStateLines } from './flag-state.ts';
import { flagIds } from './ids.ts';
import { askAnAdmin } from './settings-modal.ts';
import { escapeMrkdwn, escapeWithin, inlineCode } from './mrkdwn.ts';

export type FlagListViewer = { canManage: true } | { canManage: false; ask: SettingsAdmin[] };

/** Unknown keys and connections each shown up to this many. */
const SHOWN = 10;

const section = (blockId: string, text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({ type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: truncate(text, 3000) }, ...extra });

function connectionSection(connection: FlagConnection, canManage: boolean): SectionBlock {
  const signing = connection.unsigned ? ':warning: unsigned' : 'signed';
  const text = `*${providerLabels[connection.provider]}* · production is \`${escapeWithin(connection.productionEnvironment, 100)}\` · ${signing}`;
  const rotate = { type: 'button' as const, action_id: flagIds.rotateAction, text: { type: 'plain_text' as const, text: 'Rotate secret' }, value: connection.id };
  return section(`flag_connection:${connection.id}`, text, canManage ? { accessory: rotate } : {});
}

/** `/backlog flags`: the team's stories with flags and each flag's state per environment, keys seen that no story has, and its connections. */
export function buildFlagList(flags: TeamFlags, viewer: FlagListViewer, teamName: string | undefined): { text: string; blocks: KnownBlock[] } {
  const whose = teamName ? ` · team ${escapeMrkdwn(teamName)}` : '';
  const blocks: KnownBlock[] = [section('flags_heading', `*Feature flags${whose}*`)];
  if (flags.stories.length === 0) blocks.push(section('flag_stories_none', 'No story has a flag key yet. Give one on the story form.'));
  for (const { story, states } of flags.stories) {
    const shipped = story.shippedByFlag ? ' · shipped by flag' : '';
    const state = flagStateLines(states) ?? `${inlineCode(story.flagKey ?? '')}: nothing heard yet`;
    blocks.push(section(`flag_story:${story.id}`, `*${storyKey(story.number)}* ${escapeMrkdwn(story.title)} — ${storyStatusLabels[story.status]}${shipped}\n${state}`));
  }
  if (flags.storiesWithFlags > flags.stories.length) blocks.push(section('flag_stories_more', `…and ${flags.storiesWithFlags - flags.stories.length} older stories with flags.`));
  if (flags.unmatched.length > 0) {
    const lines = flagStateLines(flags.unmatched.slice(0, SHOWN)) ?? '';
    const more = flags.unmatched.length > SHOWN ? `\n…and ${flags.unmatched.length - SHOWN} more` : '';
    blocks.push(section('flag_unmatched', `*Flags no story has yet* (a story given one of these keys shows its state at once)\n${lines}${more}`));
  }
  blocks.push(section('flag_connections_heading', flags.connections.length === 0 ? '*Connections*: none yet.' : '*Connections*'));
  for (const connection of flags.connections.slice(0, SHOWN)) blocks.push(connectionSection(connection, viewer.canManage));
  const footer = viewer.canManage ? 'Connect another flag system with `/backlog flags setup`.' : askAnAdmin(viewer.ask, 'mention').replace('change its settings', 'connect flag systems');
  blocks.push({ type: 'context', block_id: 'flags_footer', elements: [{ type: 'mrkdwn', text: footer }] });
  return { text: `Feature flags${whose}: ${flags.storiesWithFlags} stories with flags`, blocks };
}
