import { z } from 'zod';
import { bugResolutions, itemTypes } from '../db/schema.ts';
import type { DigestData } from '../digest/collect-digest.ts';

const slackId = z.string().regex(/^[A-Z0-9_]+$/);
const ts = z.string().regex(/^\d+\.\d+$/);
const rating = z.number().int().min(1).max(5);
const count = z.number().int();
/** Who did or is named in a change: a Slack user id, checked no further than the history row checks it. */
const person = z.string().min(1);

/**
 * What changed about an item, who changed it, and what the notice needs that may not stay as it is (the
 * days a workspace allowed, the summary as it was). `action` is the history row's, except `expired`,
 * recorded there as `resolved` by the app itself. The texts are written when it is sent (blocks/notices.ts).
 */
/** A flag's state as a thread line tells it (flags/rollout.ts FlagLine): what the provider sent, escaped when it is written. */
const flagLineSchema = z.object({
  flagKey: z.string().min(1),
  environment: z.string().min(1),
  enabled: z.boolean().nullable(),
  rolloutPercent: z.number().min(0).max(100).nullable(),
  rolledBack: z.boolean(),
});

export const itemChangeSchema = z.discriminatedUnion('action', [
  /** Rated, with one rating still missing (null) or both given to a bug that was already triaged. */
  z.object({ action: z.literal('rated'), actorId: person, probability: rating.nullable(), impact: rating.nullable() }),
  z.object({ action: z.literal('triaged'), actorId: person, probability: rating, impact: rating }),
  z.object({ action: z.literal('owner_set'), actorId: person, ownerId: person.nullable() }),
  z.object({ action: z.literal('needs_info'), actorId: person, reporterId: person, days: count }),
  /**
   * The information was given: by Info added, or (`via: 'reply'`) by the reporter's answer in the thread,
   * which tells `askedBy` (who asked, else the owner; null: nobody to name).
   */
  z.object({ action: z.literal('info_added'), actorId: person, status: z.enum(['new', 'triaged']), via: z.literal('reply').optional(), askedBy: person.nullable().optional() }),
  z.object({ action: z.literal('started'), actorId: person }),
  z.object({
    action: z.literal('resolved'),
    actorId: person,
    resolution: z.enum(bugResolutions),
    /** The number of the bug this one duplicates. */
    duplicateOf: count.nullable(),
    note: z.string().nullable(),
    summary: z.string(),
  }),
  z.object({ action: z.literal('expired'), days: count, summary: z.string() }),
  z.object({ action: z.literal('ready'), actorId: person }),
  z.object({ action: z.literal('start'), actorId: person }),
  z.object({ action: z.literal('done'), actorId: person, title: z.string(), flagKey: z.string().nullable() }),
  z.object({ action: z.literal('wont_do'), actorId: person }),
  z.object({ action: z.literal('back_to_idea'), actorId: person }),
  /** Moved to another team of the workspace; a ready story arrives as an idea when that team's backlog is full. */
  z.object({ action: z.literal('moved'), actorId: person, teamName: z.string().min(1).max(80), arrivedAsIdea: z.boolean() }),
  /** Its flag moved (a provider's webhook): told in the thread only. */
  z.object({ action: z.literal('flag_changed'), line: flagLineSchema }),
  /** Its flag is on for everyone in production: done, shipped by flag; told as done is. */
  z.object({ action: z.literal('shipped_by_flag'), title: z.string(), line: flagLineSchema }),
]);

export type ItemChange = z.infer<typeof itemChangeSchema>;

const itemRef = z.object({ kind: z.enum(itemTypes), id: z.number().int() });

/** A moment: a Date in the code, an ISO string in the stored row (JSON writes a Date so; reading turns it back). */
const instant = z.codec(z.iso.datetime(), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() });

/** What a digest shows, as collected when it was queued (digest/collect-digest.ts). */
const digestDataSchema = z.object({
  teamName: z.string().optional(),
  now: instant,
  timeZone: z.string(),
  periodStart: instant,
  health: z.object({
    ready: count,
    cap: count,
    ideas: count,
    openBugs: z.object({ critical: count, high: count, medium: count, low: count, unrated: count }),
    untriaged: count,
    longestWaitDays: count.optional(),
  }),
  readyWeekAgo: count,
  thisWeek: z.object({ bugsFiled: count, bugsResolved: count, storiesAdded: count, storiesDone: count, changes: count }),
  // Queued before comments were kept: none counted.
  commentedItems: count.default(0),
  trend: z.object({ backlog: z.array(count), openBugs: z.array(count) }),
  topRisks: z.array(z.object({ id: count, number: count, summary: z.string(), probability: rating, impact: rating, ownerId: person.nullable() })),
  stale: z.object({
    items: z.array(
      z.object({
        type: z.enum(itemTypes),
        id: count,
        // Queued before teams: the default team's (only names it, never looked up).
        teamId: count.default(0),
        number: count,
        title: z.string(),
        status: z.string(),
        reporterId: person,
        ownerId: person.nullable(),
        probability: rating.nullable(),
        impact: rating.nullable(),
        createdAt: instant,
        updatedAt: instant,
      }),
    ),
    total: count,
  }),
  staleAfterDays: count,
  // Queued before flags: none.
  shippedByFlag: z.array(z.object({ number: count, title: z.string(), flagKey: z.string() })).default([]),
});

/** The schema reads back every field a digest is collected with: a field added to DigestData and not here fails the type check. */
const readsBackDigest: z.ZodType<DigestData> = digestDataSchema;

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
  /** A bug's files shared into its thread (each once: bug_files.shared_at), once the thread exists. */
  z.object({ type: z.literal('bug_files_share'), bugId: z.number().int() }),
  z.object({ type: z.literal('triage_update'), bugId: z.number().int() }),
  /** The triage message a bug left when it moved to another team: redrawn to say where it went, with no controls. */
  z.object({ type: z.literal('triage_moved'), bugId: z.number().int(), channelId: slackId, ts, teamName: z.string().min(1).max(80) }),
  /**
   * A change told to one audience: the item's thread (by DM to the reporter when the thread cannot be
   * used), or one person directly. Who hears what is decided once, in outbox/notices.ts.
   */
  z.object({ type: z.literal('item_notice'), item: itemRef, change: itemChangeSchema, to: z.union([z.literal('thread'), z.object({ userId: slackId })]) }),
  /** Queued before item_notice (kept so such rows still send): a reply in the item's thread, its text written when queued. */
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
  /** A direct message; with `about`, the old shape of a notice to an item's reporter (kept so queued rows still send). */
  z.object({
    type: z.literal('dm'),
    userId: slackId,
    text: z.string().min(1),
    blocks: z.array(z.any()).optional(),
    /** A notice to this item's reporter: skipped when the item's thread is a DM with them, where its reply already tells them. */
    about: z.object({ itemType: z.enum(['bug', 'story']), itemId: z.number().int() }).optional(),
  }),
  /** A digest for a channel, written when it is sent (blocks/digest.ts); to `fallbackUserId`, when set, if the bot may not post there. */
  z.object({
    type: z.literal('digest'),
    channelId: slackId,
    data: readsBackDigest,
    /** Posted late (`catchUp`) or on request with `/backlog digest` (`onDemand`). */
    options: z.object({ catchUp: z.boolean().optional(), onDemand: z.boolean().optional() }),
    fallbackUserId: slackId.optional(),
    /** The scheduled digest's period: when it fails for good, the installer is told why (once per period). */
    digestPeriod: z.string().min(1).optional(),
  }),
  /** To the installer, once: a weekly digest is due but no channel is set for it. */
  z.object({ type: z.literal('digest_channel_missing'), userId: slackId, teamName: z.string().max(80).optional() }),
  /** A ready-made message for a channel (digests were queued so before `digest`; such rows still send). */
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
export type PayloadOf<T extends OutboxPayload['type']> = Extract<OutboxPayload, { type: T }>;
