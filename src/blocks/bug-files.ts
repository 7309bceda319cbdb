import type { KnownBlock } from '@slack/types';
import { isDrawableImage } from '../bugs/file-rules.ts';
import type { BugFile } from '../db/schema.ts';
import { truncate } from '../text/limits.ts';
import { escapeWithin, mrkdwnLink } from './mrkdwn.ts';

/** Images drawn in one message at most (each is a block of Slack's 50); the others are listed, with "and N more". */
export const MAX_IMAGES = 3;

function sizeText(bytes: number | null): string | undefined {
  if (bytes === null) return undefined;
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One file as a line: a link to it with its kind and size, or its name and that it is unavailable. */
function fileLine(file: BugFile): string {
  if (file.state === 'unavailable') return `• ${escapeWithin(file.name, 100)} — _unavailable: deleted, or not shared with Shortlist_`;
  const name = file.permalink ? mrkdwnLink(file.permalink, 450, file.name) : escapeWithin(file.name, 100);
  const about = [file.filetype?.toUpperCase(), sizeText(file.size)].filter(Boolean).join(', ');
  return `• ${name}${about ? ` (${escapeWithin(about, 40)})` : ''}`;
}

const SECTION_TEXT_MAX = 3000;

/** The lines under the heading, as many as fit in `max` with room left for "and N more". */
function listWithin(lines: string[], max: number): string {
  const heading = '*Files*';
  const shown: string[] = [];
  let length = heading.length;
  for (const line of lines) {
    if (length + 1 + line.length > max - 30) break;
    shown.push(line);
    length += 1 + line.length;
  }
  const more = lines.length - shown.length;
  return [heading, ...shown, ...(more > 0 ? [`_and ${more} more_`] : [])].join('\n');
}

/**
 * A bug's files, for its triage message and `/backlog show`: every file by name (unavailable ones said so), and up
 * to MAX_IMAGES of its screenshots drawn. Only images the bot has read (shared into the thread) are drawn: Slack
 * refuses a whole message whose image block names a file it cannot show.
 */
export function bugFileBlocks(files: BugFile[]): KnownBlock[] {
  if (files.length === 0) return [];
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'bug_files_block', text: { type: 'mrkdwn', text: listWithin(files.map(fileLine), SECTION_TEXT_MAX) } }];
  const images = files.filter((file) => file.state === 'available' && file.sharedAt !== null && isDrawableImage(file));
  for (const image of images.slice(0, MAX_IMAGES)) {
    const name = truncate(image.name, 200);
    blocks.push({ type: 'image', block_id: `bug_image:${image.id}`, slack_file: { id: image.slackFileId }, alt_text: name, title: { type: 'plain_text', text: name } });
  }
  if (images.length > MAX_IMAGES) {
    const more = images.length - MAX_IMAGES;
    blocks.push({ type: 'context', block_id: 'bug_images_more_block', elements: [{ type: 'mrkdwn', text: `and ${more} more ${more === 1 ? 'image' : 'images'}: see the list above, or the bug's thread` }] });
  }
  return blocks;
}
