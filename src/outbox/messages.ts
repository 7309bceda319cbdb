import { z } from 'zod';

const slackId = z.string().regex(/^[A-Z0-9_]+$/);
const ts = z.string().regex(/^\d+\.\d+$/);

/**
 * What the outbox can send. Messages about a bug are built when they are sent, from the bug as it is
 * then, so a late or repeated send shows the current state and updates are idempotent.
 */
export const outboxPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('bug_confirmation'),
    bugId: z.number().int(),
    /** Where to confirm: the channel /bug ran in, or the reported message's thread. Absent: DM the reporter. */
    channelId: slackId.optional(),
    threadTs: ts.optional(),
    /** The slash command's response URL: the private fallback when the bot may not post in the channel. */
    responseUrl: z.url().optional(),
  }),
  /** The filing confirmation redrawn from the bug as it is now (after "Follow this instead": resolved, no buttons). */
  z.object({ type: z.literal('confirmation_update'), bugId: z.number().int(), channelId: slackId, ts }),
  z.object({ type: z.literal('triage_post'), bugId: z.number().int() }),
  z.object({ type: z.literal('triage_update'), bugId: z.number().int() }),
  /** A reply in the item's thread, so the reporter hears back where they reported (by DM when the thread cannot be used). */
  z.object({
    type: z.literal('thread_reply'),
    itemType: z.enum(['bug', 'story']),
    itemId: z.number().int(),
    text: z.string().min(1),
    /** It asks the reporter for information: while the bug still waits, the reply carries the Info added button. */
    asksForInfo: z.boolean().optional(),
    /** The reporter gets a DM of their own about this change, so no DM stands in for an unusable thread. */
    reporterDmed: z.boolean().optional(),
  }),
  /** The story message with its lifecycle controls: posted once where the story was written, then updated in place. */
  z.object({ type: z.literal('story_post'), storyId: z.number().int(), channelId: slackId.optional(), tip: z.string().optional() }),
  z.object({ type: z.literal('story_update'), storyId: z.number().int() }),
  z.object({
    type: z.literal('dm'),
    userId: slackId,
    text: z.string().min(1),
    blocks: z.array(z.any()).optional(),
    /** A notice to this item's reporter: skipped when the item's thread is a DM with them, where its reply already tells them. */
    about: z.object({ itemType: z.enum(['bug', 'story']), itemId: z.number().int() }).optional(),
  }),
  z.object({
    type: z.literal('post'),
    channelId: slackId,
    threadTs: ts.optional(),
    text: z.string().min(1),
    blocks: z.array(z.any()).optional(),
    /** When the bot may not post in the channel, send it to this person instead. */
    fallbackUserId: slackId.optional(),
    /** A scheduled digest's period: when it fails for good, the installer is told why (once per period). */
    digestPeriod: z.string().min(1).optional(),
  }),
]);

export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;
