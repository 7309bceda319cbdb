import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaceDefaults } from './workspace-defaults.ts';

export const bugStatuses = ['new', 'triaged', 'needs_info', 'in_progress', 'resolved'] as const;
export const storyStatuses = ['idea', 'ready', 'in_progress', 'done', 'wont_do'] as const;
export const bugResolutions = ['fixed', 'wont_fix', 'duplicate', 'cannot_reproduce', 'expired'] as const;
export const itemTypes = ['bug', 'story'] as const;

/** Postgres full-text document; only ever written by the database (generated columns below). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * "Open", spelled the one way the partial indexes below and the queries that should use them both say
 * it: literal SQL, never parameters, so the planner can match a query to its index in any plan. Code
 * asks items/open-statuses.ts, which lists the same statuses (test/items/open-statuses.test.ts).
 */
export const isOpen = { bug: sql.raw(`status <> 'resolved'`), story: sql.raw(`status in ('idea', 'ready', 'in_progress')`) } as const;

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** One row per Slack workspace; the workspace-wide key counters live here so numbering is one row lock. */
export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  enterpriseId: text('enterprise_id'),
  bugSeq: integer('bug_seq').notNull().default(0),
  storySeq: integer('story_seq').notNull().default(0),
  /** Who installed the app; in single-workspace mode, the first person who filed something. May change settings. */
  installerUserId: text('installer_user_id'),
  createdAt: createdAt(),
});

/**
 * A team: one short backlog of a workspace, with its own cap, triage channel and digest. Every workspace
 * has exactly one default team (`isDefault`), made with the workspace row by a trigger (drizzle/0002),
 * which holds every item not filed in another team's intake channel. Archived teams keep their items'
 * history but own no channel; the default team is never archived.
 */
export const teams = pgTable(
  'teams',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** Named by the app (after the workspace) rather than by a person: renamed when the workspace's name is learnt. */
    autoNamed: boolean('auto_named').notNull().default(false),
    /** Where triage messages go; null: the channel each bug was filed in. */
    triageChannelId: text('triage_channel_id'),
    needsInfoDays: integer('needs_info_days').notNull().default(workspaceDefaults.needsInfoDays),
    backlogCap: integer('backlog_cap').notNull().default(workspaceDefaults.backlogCap),
    staleAfterDays: integer('stale_after_days').notNull().default(workspaceDefaults.staleAfterDays),
    digestChannelId: text('digest_channel_id'),
    /** 1 = Monday … 7 = Sunday. */
    digestWeekday: integer('digest_weekday').notNull().default(workspaceDefaults.digestWeekday),
    /** Local time of day, HH:MM. */
    digestTime: text('digest_time').notNull().default(workspaceDefaults.digestTime),
    /** IANA zone; null until settings are saved (the weekly digest then runs on UTC). */
    timeZone: text('time_zone'),
    skipQuietWeeks: boolean('skip_quiet_weeks').notNull().default(workspaceDefaults.skipQuietWeeks),
    /** The reaction that offers to file a message as a bug (a Slack emoji name, no colons). */
    intakeEmoji: text('intake_emoji').notNull().default(workspaceDefaults.intakeEmoji),
    /** People who triage this team's bugs: named on its triage messages. */
    triagerIds: text('triager_ids').array().notNull().default(sql`'{}'::text[]`),
    /** When the installer was told the digest has no channel (told once per team). */
    digestNoticeSentAt: timestamp('digest_notice_sent_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('teams_workspace_name_key').on(table.workspaceId, sql`lower(${table.name})`).where(sql`${table.archivedAt} is null`),
    uniqueIndex('teams_workspace_default_key').on(table.workspaceId).where(sql`${table.isDefault}`),
  ],
);

/** A team's intake channels: a channel belongs to at most one team of its workspace. */
export const teamChannels = pgTable(
  'team_channels',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    channelId: text('channel_id').notNull(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.channelId] }), index('team_channels_team_idx').on(table.teamId)],
);

export const bugs = pgTable(
  'bugs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    /** Its team; an insert without one gets the workspace's default team (a trigger, drizzle/0002). */
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .default(sql`null`)
      .references(() => teams.id),
    number: integer('number').notNull(),
    summary: text('summary').notNull(),
    steps: text('steps').notNull(),
    expected: text('expected').notNull(),
    actual: text('actual').notNull(),
    environment: text('environment'),
    link: text('link'),
    sourcePermalink: text('source_permalink'),
    /** The message it was reported from (message shortcut or emoji): a second report of it finds this bug. */
    sourceChannelId: text('source_channel_id'),
    sourceTs: text('source_ts'),
    status: text('status', { enum: bugStatuses }).notNull().default('new'),
    resolution: text('resolution', { enum: bugResolutions }),
    duplicateOfId: bigint('duplicate_of_id', { mode: 'number' }),
    probability: integer('probability'),
    impact: integer('impact'),
    ownerId: text('owner_id'),
    reporterId: text('reporter_id').notNull(),
    /** The channel it was filed in; null when filed from a global shortcut. */
    channelId: text('channel_id'),
    /** Where the bug's conversation lives (its confirmation, or the reported message's thread); replies go there. */
    threadChannelId: text('thread_channel_id'),
    threadTs: text('thread_ts'),
    /** The triage message, updated in place as the bug changes. */
    triageChannelId: text('triage_channel_id'),
    triageTs: text('triage_ts'),
    needsInfoSince: timestamp('needs_info_since', { withTimezone: true }),
    /** The Slack view that created the bug: a second submission of the same view finds it instead of filing again. */
    sourceViewId: text('source_view_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /**
     * What `/backlog search` looks in, stored: ranking reads it instead of re-parsing every matching
     * bug's text (a common word matches thousands).
     */
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', summary || ' ' || steps || ' ' || expected || ' ' || actual || ' ' || coalesce(environment, ''))`),
  },
  (table) => [
    uniqueIndex('bugs_workspace_number_key').on(table.workspaceId, table.number),
    uniqueIndex('bugs_workspace_view_key').on(table.workspaceId, table.sourceViewId),
    // Untriaged count and longest wait, and the triage queue oldest first, from the index alone.
    index('bugs_workspace_status_idx').on(table.workspaceId, table.status, table.createdAt),
    // Open bugs by risk band, counted from the index alone.
    index('bugs_open_ratings_idx').on(table.workspaceId, table.probability, table.impact).where(isOpen.bug),
    index('bugs_needs_info_idx').on(table.needsInfoSince).where(sql`${table.status} = 'needs_info'`),
    index('bugs_summary_search_idx').using('gin', sql`to_tsvector('english', ${table.summary})`).with({ fastupdate: false }),
    // fastupdate off: no pending list to scan on every search (embedded PGlite has no autovacuum to flush it).
    index('bugs_search_idx').using('gin', table.searchVector).with({ fastupdate: false }),
    // Stale candidates: open items, least recently touched first.
    index('bugs_open_updated_idx').on(table.workspaceId, table.updatedAt).where(isOpen.bug),
    index('bugs_workspace_reporter_idx').on(table.workspaceId, table.reporterId),
    index('bugs_workspace_owner_idx').on(table.workspaceId, table.ownerId),
    index('bugs_open_risk_idx').on(table.workspaceId, sql`(${table.probability} * ${table.impact}) desc nulls last`).where(isOpen.bug),
    // The same questions asked of one team.
    index('bugs_team_status_idx').on(table.teamId, table.status, table.createdAt),
    // Lists newest first, of one team or of the whole workspace, read a page from the index in order.
    index('bugs_team_created_idx').on(table.teamId, sql`${table.createdAt} desc`, sql`${table.id} desc`),
    index('bugs_workspace_created_idx').on(table.workspaceId, sql`${table.createdAt} desc`, sql`${table.id} desc`),
    // A reply in a thread finds its item by the thread's parent; a report of a message finds an earlier one.
    index('bugs_thread_idx').on(table.threadChannelId, table.threadTs),
    index('bugs_triage_message_idx').on(table.triageChannelId, table.triageTs),
    index('bugs_source_message_idx').on(table.workspaceId, table.sourceChannelId, table.sourceTs),
    index('bugs_team_open_ratings_idx').on(table.teamId, table.probability, table.impact).where(isOpen.bug),
    index('bugs_team_open_updated_idx').on(table.teamId, table.updatedAt).where(isOpen.bug),
    index('bugs_team_open_risk_idx').on(table.teamId, sql`(${table.probability} * ${table.impact}) desc nulls last`).where(isOpen.bug),
    check('bugs_probability_range', sql`${table.probability} between 1 and 5`),
    check('bugs_impact_range', sql`${table.impact} between 1 and 5`),
  ],
);

export const stories = pgTable(
  'stories',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    /** Its team; an insert without one gets the workspace's default team (a trigger, drizzle/0002). */
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .default(sql`null`)
      .references(() => teams.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    persona: text('persona').notNull(),
    want: text('want').notNull(),
    benefit: text('benefit').notNull(),
    /** One criterion a line, as typed (1–20 lines). */
    criteria: text('criteria').notNull(),
    flagKey: text('flag_key'),
    status: text('status', { enum: storyStatuses }).notNull().default('idea'),
    reporterId: text('reporter_id').notNull(),
    channelId: text('channel_id'),
    /** The story message (with its lifecycle controls) and the thread where its changes are told. */
    threadChannelId: text('thread_channel_id'),
    threadTs: text('thread_ts'),
    sourceViewId: text('source_view_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** When it last became ready: the swap modal lists ready stories oldest first by this. */
    readyAt: timestamp('ready_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Set when its flag's production rollout reached everyone and shipped it (done by flag). */
    shippedByFlag: text('shipped_by_flag'),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', title || ' ' || persona || ' ' || want || ' ' || benefit || ' ' || criteria)`),
  },
  (table) => [
    uniqueIndex('stories_workspace_number_key').on(table.workspaceId, table.number),
    uniqueIndex('stories_workspace_view_key').on(table.workspaceId, table.sourceViewId),
    index('stories_workspace_status_idx').on(table.workspaceId, table.status),
    index('stories_open_updated_idx').on(table.workspaceId, table.updatedAt).where(isOpen.story),
    index('stories_workspace_reporter_idx').on(table.workspaceId, table.reporterId),
    index('stories_team_status_idx').on(table.teamId, table.status),
    index('stories_thread_idx').on(table.threadChannelId, table.threadTs),
    index('stories_team_created_idx').on(table.teamId, sql`${table.createdAt} desc`, sql`${table.id} desc`),
    index('stories_workspace_created_idx').on(table.workspaceId, sql`${table.createdAt} desc`, sql`${table.id} desc`),
    // A flag event finds the team's stories with its key.
    index('stories_team_flag_idx').on(table.teamId, table.flagKey),
    index('stories_team_open_updated_idx').on(table.teamId, table.updatedAt).where(isOpen.story),
    index('stories_search_idx').using('gin', table.searchVector).with({ fastupdate: false }),
  ],
);

/** People told when a story ships, besides its reporter. */
export const watchers = pgTable(
  'watchers',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    itemType: text('item_type', { enum: ['bug', 'story'] }).notNull(),
    itemId: bigint('item_id', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.itemType, table.itemId, table.userId] })],
);

/**
 * One row per team and digest period: inserting it is the claim that makes a weekly digest go out
 * once, whichever instance gets there first.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    /** The team whose digest it is; an insert without one claims for the default team (a trigger, drizzle/0002). */
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .default(sql`null`)
      .references(() => teams.id),
    /** The local Monday of the week (YYYY-MM-DD), or `cron:<firing time, ISO>` under DIGEST_SCHEDULE. */
    periodKey: text('period_key').notNull(),
    outcome: text('outcome', { enum: ['posted', 'skipped_quiet'] }).notNull(),
    catchUp: boolean('catch_up').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.periodKey] }), index('digest_runs_workspace_idx').on(table.workspaceId, table.periodKey)],
);

/** Every change to an item: who, what, when. Notifications and trends read it. */
export const itemHistory = pgTable(
  'item_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    itemType: text('item_type', { enum: itemTypes }).notNull(),
    itemId: bigint('item_id', { mode: 'number' }).notNull(),
    /** The item's team when it happened (a move writes a row for each side), for each team's trends; null: its current team (a trigger fills it). */
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (table) => [
    index('item_history_item_idx').on(table.itemType, table.itemId, table.createdAt),
    index('item_history_workspace_time_idx').on(table.workspaceId, table.createdAt),
    index('item_history_team_time_idx').on(table.teamId, table.createdAt),
  ],
);

/** A file as Slack describes it, as kept with a bug or a comment (never its bytes). */
export interface StoredFile {
  id: string;
  name: string;
  mimetype: string | null;
  filetype: string | null;
  size: number | null;
  permalink: string | null;
}

/**
 * A person's reply in the thread of a tracked message (an item's confirmation, its triage message, or the
 * message it was reported from): the item's conversation. One row per Slack message (channel, ts); an edit
 * updates it, a deletion removes it. Bots' and Shortlist's own messages are never stored.
 */
export const comments = pgTable(
  'comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    itemType: text('item_type', { enum: itemTypes }).notNull(),
    itemId: bigint('item_id', { mode: 'number' }).notNull(),
    channelId: text('channel_id').notNull(),
    /** The reply's own ts, and the ts of the thread it is in. */
    ts: text('ts').notNull(),
    threadTs: text('thread_ts').notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    files: jsonb('files').$type<StoredFile[]>().notNull().default(sql`'[]'::jsonb`),
    /** When it was said (from its ts); `editedAt` when it was last changed. */
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('comments_message_key').on(table.workspaceId, table.channelId, table.ts),
    index('comments_item_idx').on(table.itemType, table.itemId, table.postedAt),
    index('comments_workspace_time_idx').on(table.workspaceId, table.postedAt),
  ],
);

/** Bugs' files: a screenshot from the form (file_input) or the reported message's own files. */
export const bugFiles = pgTable(
  'bug_files',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    bugId: bigint('bug_id', { mode: 'number' })
      .notNull()
      .references(() => bugs.id),
    slackFileId: text('slack_file_id').notNull(),
    name: text('name').notNull(),
    mimetype: text('mimetype'),
    filetype: text('filetype'),
    size: integer('size'),
    permalink: text('permalink'),
    /** `available`, or `unavailable` when the bot could not read it (deleted, not shared): named so, never fatal. */
    state: text('state', { enum: ['available', 'unavailable'] }).notNull().default('available'),
    /** When it was shared into the bug's thread (files.completeUploadExternal). */
    sharedAt: timestamp('shared_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('bug_files_file_key').on(table.bugId, table.slackFileId)],
);

export const flagProviderNames = ['generic', 'unleash', 'launchdarkly', 'growthbook', 'flagsmith'] as const;

/**
 * A team's connection to a flag system: its webhook URL is `/flags/<provider>/<id>` (the id is random and
 * unguessable), checked with its signing secret (kept encrypted, never shown again after setup) unless it
 * was set up unsigned on purpose where the provider allows that.
 */
export const flagConnections = pgTable(
  'flag_connections',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id),
    provider: text('provider', { enum: flagProviderNames }).notNull(),
    /** The environment whose full rollout ships a story. */
    productionEnvironment: text('production_environment').notNull().default('production'),
    /** The signing secret, encrypted; null for an unsigned connection. */
    secretEncrypted: text('secret_encrypted'),
    unsigned: boolean('unsigned').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (table) => [index('flag_connections_team_idx').on(table.teamId)],
);

/** The last state applied for a flag in one environment of a team, kept for unknown keys too. */
export const flagStates = pgTable(
  'flag_states',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id),
    flagKey: text('flag_key').notNull(),
    environment: text('environment').notNull(),
    eventId: text('event_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    enabled: boolean('enabled'),
    rolloutPercent: integer('rollout_percent'),
    /** Whether this environment counts as production for the connection that last wrote it. */
    production: boolean('production').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.flagKey, table.environment] })],
);

/** Flag events received, per connection: a provider's retry of one of these is applied once. */
export const flagEvents = pgTable(
  'flag_events',
  {
    connectionId: text('connection_id')
      .notNull()
      .references(() => flagConnections.id),
    eventId: text('event_id').notNull(),
    flagKey: text('flag_key').notNull(),
    environment: text('environment').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.connectionId, table.eventId, table.flagKey, table.environment] }), index('flag_events_received_idx').on(table.receivedAt)],
);

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;

/**
 * Everything the app posts or updates in Slack, written in the same transaction as the change that
 * causes it and sent by the dispatcher (src/outbox/). `dedupeKey` makes enqueuing idempotent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    dedupeKey: text('dedupe_key'),
    payload: jsonb('payload').notNull().$type<unknown>(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A dispatcher's lease: while it is in the future, no other dispatcher may send this row. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('outbox_dedupe_key').on(table.workspaceId, table.dedupeKey),
    index('outbox_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
  ],
);

/**
 * OAuth installations, one per workspace (`team:T…`) or Enterprise Grid org (`enterprise:E…`).
 * Tokens are stored encrypted (AES-256-GCM with TOKEN_ENCRYPTION_KEY); uninstalling deletes the row.
 */
export const installations = pgTable('installations', {
  key: text('key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
  appId: text('app_id'),
  botId: text('bot_id'),
  botUserId: text('bot_user_id'),
  botScopes: text('bot_scopes'),
  botTokenEncrypted: text('bot_token_encrypted').notNull(),
  botRefreshTokenEncrypted: text('bot_refresh_token_encrypted'),
  /** UTC seconds, as Slack's token rotation gives it. */
  botTokenExpiresAt: integer('bot_token_expires_at'),
  installerUserId: text('installer_user_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** OAuth state values: each is used once and expires after 10 minutes. */
export const oauthStates = pgTable('oauth_states', {
  state: text('state').primaryKey(),
  installOptions: jsonb('install_options').notNull().$type<Record<string, unknown>>(),
  createdAt: createdAt(),
});

/** Events API deliveries already handled: a retry (x-slack-retry-num) of one of these is skipped. */
export const processedEvents = pgTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    createdAt: createdAt(),
  },
  (table) => [index('processed_events_created_idx').on(table.createdAt)],
);

export type Workspace = typeof workspaces.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type BugFile = typeof bugFiles.$inferSelect;
export type FlagConnection = typeof flagConnections.$inferSelect;
export type FlagState = typeof flagStates.$inferSelect;
export type Bug = typeof bugs.$inferSelect;
export type NewBug = typeof bugs.$inferInsert;
export type ItemHistoryEntry = typeof itemHistory.$inferSelect;
export type BugStatus = (typeof bugStatuses)[number];
export type Story = typeof stories.$inferSelect;
export type StoryStatus = (typeof storyStatuses)[number];
export type OutboxRow = typeof outbox.$inferSelect;
