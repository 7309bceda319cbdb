import type { KnownBlock } from '@slack/types';

/** A message as the builders make it: the blocks people see, and the text notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
