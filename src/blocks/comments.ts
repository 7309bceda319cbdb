import type { KnownBlock } from '@slack/types';
import type { Comment } from '../db/schema.ts';
import { escapeWithin, plainTextOf } from './mrkdwn.ts';

/** Slack's limit on a section's text, in UTF-16 units (the stricter count; escapeWithin counts so too). */
const SECTION_TEXT_MAX = 3000;
const FILES_NAMED = 3;

const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A comment's files, by name: the first few, and how many more. */
function filesOf(comment: Comment): string {
  if (comment.files.length === 0) return '';
  const names = comment.files.slice(0, FILES_NAMED).map((file) => escapeWithin(file.name, 40));
  const more = comment.files.length > FILES_NAMED ? ` +${comment.files.length - FILES_NAMED}` : '';
  return ` · :paperclip: ${names.join(', ')}${more}`;
}

/**
 * An item's latest comments (given newest first, shown oldest first, as the thread reads), in one section
 * within Slack's limit however long they are. Each is shown as text: read from the mrkdwn people typed
 * (a mention as @name, `&lt;` as <) and escaped again, so `<!channel>` or `<@U…>` in a comment pings nobody
 * when it is shown here; each gets an even share of the section, cut with "…".
 */
export function commentsBlock(comments: { entries: Comment[]; total: number }): KnownBlock | undefined {
  if (comments.entries.length === 0) return undefined;
  const shown = [...comments.entries].reverse();
  const head = `*Comments* (${comments.total})`;
  const more = comments.total > shown.length ? `\n_and ${comments.total - shown.length} more_` : '';
  // Each line's share: what is left after the heading and the "more" line, less the line breaks.
  const share = Math.floor((SECTION_TEXT_MAX - head.length - more.length - shown.length) / shown.length);
  const lines = shown.map((comment) => {
    const prefix = `• <@${comment.authorId}> ${when(comment.postedAt)}${comment.editedAt ? ' (edited)' : ''}: `;
    const files = filesOf(comment);
    const text = plainTextOf(comment.text).replace(/\s*\n\s*/g, ' ');
    return prefix + escapeWithin(text, Math.max(1, share - prefix.length - files.length)) + files;
  });
  return { type: 'section', block_id: 'comments_block', text: { type: 'mrkdwn', text: [head, ...lines].join('\n') + more } };
}
