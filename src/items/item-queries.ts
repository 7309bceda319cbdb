import { type SQL, sql } from 'drizzle-orm';
import type { ItemKind } from './types.ts';
import { type Db, onPglite } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, isOpen, stories } from '../db/schema.ts';

/** One row of any list: enough to show an item, its state and its staleness. */
export interface ItemSummary {
  type: ItemKind;
  id: number;
  teamId: number;
  number: number;
  title: string;
  status: string;
  reporterId: string;
  ownerId: string | null;
  probability: number | null;
  impact: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ItemFilter {
  types: ItemKind[];
  /** One team's items; absent: every team's of the workspace. */
  teamId?: number;
  status?: string;
  openOnly?: boolean;
  /** Reported by, or (bugs) owned by, this user. */
  involving?: string;
  reporter?: string;
  /** Owned by this user; stories have no owner, so only bugs match. */
  owner?: string;
  /** Untouched since before this instant (stale candidates). */
  updatedBefore?: Date;
  /** Full-text search (websearch syntax), ranked. */
  search?: string;
  order: 'newest' | 'oldest' | 'rank' | 'stalest';
  limit: number;
  offset?: number;
}

const searchQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`;

function part(type: ItemKind, workspaceId: string, filter: ItemFilter): SQL {
  const table = type === 'bug' ? bugs : stories;
  const conditions: SQL[] = [sql`${table.workspaceId} = ${workspaceId}`];
  if (filter.teamId !== undefined) conditions.push(sql`${table.teamId} = ${filter.teamId}`);
  if (filter.status) conditions.push(sql`${table.status} = ${filter.status}`);
  if (filter.openOnly) conditions.push(isOpen[type]);
  if (filter.involving) {
    conditions.push(type === 'bug' ? sql`(${bugs.reporterId} = ${filter.involving} or ${bugs.ownerId} = ${filter.involving})` : sql`${stories.reporterId} = ${filter.involving}`);
  }
  if (filter.reporter) conditions.push(sql`${table.reporterId} = ${filter.reporter}`);
  if (filter.updatedBefore) conditions.push(sql`${table.updatedAt} < ${filter.updatedBefore.toISOString()}::timestamptz`);
  if (filter.owner) conditions.push(type === 'bug' ? sql`${bugs.ownerId} = ${filter.owner}` : sql`false`);
  const vector = table.searchVector;
  if (filter.search) conditions.push(sql`${vector} @@ ${searchQuery(filter.search)}`);
  const rank = filter.search ? sql`ts_rank(${vector}, ${searchQuery(filter.search)})` : sql`0`;
  const columns =
    type === 'bug'
      ? sql`'bug' as type, ${bugs.id} as id, ${bugs.number} as number, ${bugs.summary} as title, ${bugs.status} as status, ${bugs.reporterId} as reporter_id, ${bugs.ownerId} as owner_id, ${bugs.probability} as probability, ${bugs.impact} as impact`
      : sql`'story' as type, ${stories.id} as id, ${stories.number} as number, ${stories.title} as title, ${stories.status} as status, ${stories.reporterId} as reporter_id, null::text as owner_id, null::int as probability, null::int as impact`;
  return sql`select ${columns}, ${table.teamId} as team_id, ${table.createdAt} as created_at, ${table.updatedAt} as updated_at, ${rank} as rank from ${table} where ${sql.join(conditions, sql` and `)}`;
}

interface Row {
  type: ItemKind;
  id: number | string;
  team_id: number | string;
  number: number;
  title: string;
  status: string;
  reporter_id: string;
  owner_id: string | null;
  probability: number | null;
  impact: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const orderBy = {
  newest: sql`created_at desc, id desc`,
  oldest: sql`created_at asc, id asc`,
  rank: sql`rank desc, created_at desc, id desc`,
  stalest: sql`updated_at asc, id asc`,
};

/** The same orders in code, for merging the per-type pages (type last, so equal rows still have one order). */
const compare: Record<ItemFilter['order'], (a: Ranked, b: Ranked) => number> = {
  newest: (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id || a.type.localeCompare(b.type),
  oldest: (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id || a.type.localeCompare(b.type),
  rank: (a, b) => b.rank - a.rank || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id || a.type.localeCompare(b.type),
  stalest: (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id || a.type.localeCompare(b.type),
};

type Ranked = ItemSummary & { rank: number };

function toItem(row: Row & { rank: number | string }): Ranked {
  return {
    type: row.type,
    id: Number(row.id),
    teamId: Number(row.team_id),
    number: row.number,
    title: row.title,
    status: row.status,
    reporterId: row.reporter_id,
    ownerId: row.owner_id,
    probability: row.probability,
    impact: row.impact,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    rank: Number(row.rank),
  };
}

/**
 * One type's first `upTo` matches in order, and how many match in all. On PostgreSQL two queries run at
 * once on two connections: the page (from an index in order when there is no search) and the count (an
 * index-only scan). PGlite runs one query at a time, so a search there counts in the same pass that ranks
 * every match, rather than visiting them all twice (bench/RESULTS.md measures both).
 */
async function pageOf(db: Db, type: ItemKind, workspaceId: string, filter: ItemFilter, upTo: number): Promise<{ items: Ranked[]; total: number }> {
  const query = part(type, workspaceId, filter);
  const ordered = sql`order by ${orderBy[filter.order]} limit ${upTo}`;
  if (filter.search && onPglite(db)) {
    const rows = await queryRows<Row & { rank: number; total: number | string }>(db, sql`select *, count(*) over () as total from (${query}) items ${ordered}`);
    // No row means no match at all: `upTo` is at least one.
    return { items: rows.map(toItem), total: Number(rows[0]?.total ?? 0) };
  }
  const [rows, [counted]] = await Promise.all([
    queryRows<Row & { rank: number }>(db, sql`${query} ${ordered}`),
    queryRows<{ total: number | string }>(db, sql`select count(*) as total from (${query}) items`),
  ]);
  return { items: rows.map(toItem), total: Number(counted?.total ?? 0) };
}

/**
 * Items of a workspace matching `filter`, and how many match in all (for "and N more"). Each type is
 * queried on its own, so each can use its own indexes; their pages merge here.
 */
export async function findItems(db: Db, workspaceId: string, filter: ItemFilter): Promise<{ items: ItemSummary[]; total: number }> {
  const offset = filter.offset ?? 0;
  const pages = await Promise.all(filter.types.map((type) => pageOf(db, type, workspaceId, filter, offset + filter.limit)));
  const merged = pages.flatMap((page) => page.items).sort(compare[filter.order]);
  return {
    items: merged.slice(offset, offset + filter.limit).map(({ rank: _rank, ...item }) => item),
    total: pages.reduce((sum, page) => sum + page.total, 0),
  };
}
