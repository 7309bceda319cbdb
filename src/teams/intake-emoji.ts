import { z } from 'zod';

const emojiError = 'Enter an emoji name like bug or :bug: (letters, digits, _ + and -).';

/** A team's intake emoji as a person types it (`bug`, `:bug:`, `:Beetle:`): kept as Slack names it, lower case without colons. */
export const intakeEmojiSchema = z
  .string({ error: emojiError })
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^:+|:+$/g, ''))
  .pipe(z.string().regex(/^[a-z0-9_+-]{1,100}$/, { error: emojiError }));

/** Whether a reaction is the team's intake emoji: whatever skin tone it was added with (`thumbsup::skin-tone-2`). */
export function isIntakeReaction(intakeEmoji: string, reaction: string): boolean {
  return reaction.split('::')[0] === intakeEmoji;
}
