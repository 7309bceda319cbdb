import type { KnownBlock } from '@slack/types';
import { bugKey, storyKey } from '../items/types.ts';
import { riskOf } from '../bugs/risk.ts';
import type { DigestData } from '../digest/collect-digest.ts';
import { formatLocalDate } from '../digest/zoned-time.ts';
import { escapeMrkdwn, escapeWithin, inlineCode } from './mrkdwn.ts';
import { truncate } from '../text/limits.ts';
import type { SlackMessage } from './message.ts';
import { itemLine, staleControls } from './item-list.ts';

const bars = '▁▂▃▄▅▆▇█';

/** A sparkline: each value scaled between the series' min and max; a flat series is a flat line. */
export function sparkline(values: number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((value) => bars[max === min ? 3 : Math.round(((value - min) / (max - min)) * (bars.length - 1))]).join('');
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');

export interface DigestOptions {
  /** Posted after its scheduled time because no instance was up then. */
  catchUp?: boolean;
  /** `/backlog digest`: posted on request, not the weekly one. */
  onDemand?: boolean;
}

const commentedLine = (items: number) => `Comments: new on ${items} ${items === 1 ? 'item' : 'items'}`;

/** The weekly digest as data: at most 5 stale items, 3 risks and fixed sections, so a bounded number of blocks whatever the backlog's size. */
export function buildDigest(data: DigestData, options: DigestOptions = {}): SlackMessage {
  const { health, thisWeek, trend } = data;
  const range = `${formatLocalDate(data.periodStart, data.timeZone)} – ${formatLocalDate(data.now, data.timeZone)}`;
  const bugs = health.openBugs;
  const openTotal = bugs.critical + bugs.high + bugs.medium + bugs.low + bugs.unrated;
  // A workspace with several teams gets one digest per team, each saying whose it is: as typed in the header
  // (plain text), escaped in the notification text (mrkdwn), so a team named `<!channel>` pings no one.
  const name = data.teamName ? truncate(data.teamName, 40) : undefined;
  const blocks: KnownBlock[] = [{ type: 'header', block_id: 'digest_header_block', text: { type: 'plain_text', text: `Backlog digest${name ? ` · ${name}` : ''} · ${range}` } }];
  const notes = [
    options.catchUp ? ':alarm_clock: Posted late: no Shortlist instance was running at the scheduled time.' : '',
    options.onDemand ? 'Posted on request with `/backlog digest`; the weekly digest still goes out as scheduled.' : '',
  ].filter(Boolean);
  if (notes.length > 0) blocks.push({ type: 'context', block_id: 'digest_note_block', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  blocks.push(
    {
      type: 'section',
      block_id: 'digest_size_block',
      fields: [
        { type: 'mrkdwn', text: `*Backlog (ready)*\n${health.ready} of ${health.cap} (${signed(health.ready - data.readyWeekAgo)} this week)` },
        { type: 'mrkdwn', text: `*Ideas in refinement*\n${health.ideas}` },
        { type: 'mrkdwn', text: `*Open bugs*\n${openTotal}: critical ${bugs.critical} · high ${bugs.high} · medium ${bugs.medium} · low ${bugs.low} · unrated ${bugs.unrated}` },
        { type: 'mrkdwn', text: `*Untriaged*\n${health.untriaged}${health.untriaged > 0 && health.longestWaitDays !== undefined ? `, longest wait ${health.longestWaitDays} days` : ''}` },
      ],
    },
    {
      type: 'section',
      block_id: 'digest_week_block',
      text: { type: 'mrkdwn', text: `*This week*\nBugs: ${thisWeek.bugsFiled} filed, ${thisWeek.bugsResolved} resolved · Stories: ${thisWeek.storiesAdded} added, ${thisWeek.storiesDone} done\n${commentedLine(data.commentedItems ?? 0)}` },
    },
    {
      type: 'section',
      block_id: 'digest_trend_block',
      text: {
        type: 'mrkdwn',
        text: `*8-week trend*\nBacklog   \`${sparkline(trend.backlog)}\` ${trend.backlog.join(' → ')}\nOpen bugs \`${sparkline(trend.openBugs)}\` ${trend.openBugs.join(' → ')}`,
      },
    },
  );
  if (data.shippedByFlag.length > 0) {
    const shipped = data.shippedByFlag.map((story) => `• *${storyKey(story.number)}* ${escapeWithin(story.title, 150)} · ${inlineCode(story.flagKey, 64)}`);
    blocks.push({ type: 'section', block_id: 'digest_shipped_block', text: { type: 'mrkdwn', text: truncate(`*Shipped this week (by flag)*\n${shipped.join('\n')}`, 3000) } });
  }
  const risks = data.topRisks.map((bug) => {
    const { risk, band } = riskOf(bug.probability, bug.impact);
    return `• *${bugKey(bug.number)}* ${escapeMrkdwn(truncate(bug.summary, 150))} · risk ${risk} (${band})${bug.ownerId ? ` · <@${bug.ownerId}>` : ' · no owner'}`;
  });
  blocks.push({ type: 'section', block_id: 'digest_risks_block', text: { type: 'mrkdwn', text: `*Top risks*\n${risks.length > 0 ? risks.join('\n') : 'No rated open bugs.'}` } });
  const stale = data.stale.items.slice(0, 5);
  if (stale.length > 0) {
    const more = data.stale.total > stale.length ? ` and ${data.stale.total - stale.length} more` : '';
    blocks.push({ type: 'section', block_id: 'digest_stale_block', text: { type: 'mrkdwn', text: `*Prune these?* Untouched for ${data.staleAfterDays}+ days: ${stale.length} shown${more}.` } });
    for (const item of stale) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: itemLine(item, data.now, data.staleAfterDays) } });
      blocks.push(staleControls(item));
    }
  }
  const text = `Backlog digest${name ? ` · ${escapeMrkdwn(name)}` : ''} ${range}: ${health.ready}/${health.cap} ready, ${openTotal} open bugs, ${health.untriaged} untriaged.`;
  return { text, blocks };
}

/** To the installer when a weekly digest is due and has nowhere to go. */
export const digestChannelMissingText =
  'Shortlist would post a weekly backlog digest, but no channel is set for it. Run `/backlog settings` and choose a digest channel (and invite me there with `/invite @Shortlist`).';

/** The same, for one team of a workspace that has several. */
export function teamDigestChannelMissingText(teamName: string): string {
  return `Shortlist would post the weekly backlog digest of the team ${escapeMrkdwn(truncate(teamName, 40))}, but no channel is set for it. Run \`/backlog teams\` and choose a digest channel for that team (and invite me there with \`/invite @Shortlist\`).`;
}

/** Why a digest could not be posted, in words the installer can act on. */
export function digestFailureText(channelId: string, reason: string): string {
  const where = `<#${channelId}>`;
  const why =
    reason === 'not_in_channel'
      ? `Shortlist is not a member of ${where}. Invite it there with \`/invite @Shortlist\``
      : reason === 'channel_not_found' || reason === 'is_archived'
        ? `${where} was archived or deleted, or it is private and Shortlist is not in it. Invite Shortlist there with \`/invite @Shortlist\``
        : `Slack refused the post in ${where} (\`${reason}\`). Check that Shortlist can post there`;
  return `This week's backlog digest could not be posted: ${why}, or choose another digest channel in \`/backlog settings\`. \`/backlog digest\` posts one in any channel now; next week's goes out as scheduled.`;
}
