import { type SQL, sql } from 'drizzle-orm';
import type { ItemKind } from '../backlog/parse-command.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugSearchVector, bugs, stories, storySearchVector } from '../db/schema.ts';

/** One row of any list: enough to show an item, its state and its staleness. */
export interface ItemSummary {
  type: ItemKind;
  id: number;
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

export const openStatuses: Record<ItemKind, string[]> = {
  bug: ['new', 'triaged', 'needs_info', 'in_progress'],
  story: ['idea', 'ready', 'in_progress'],
};

export interface ItemFilter {
  types: ItemKind[];
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
  if (filter.status) conditions.push(sql`${table.status} = ${filter.status}`);
  if (filter.openOnly) conditions.push(sql`${table.status} in (${sql.join(openStatuses[type].map((s) => sql`${s}`), sql`, `)})`);
  if (filter.involving) {
    conditions.push(type === 'bug' ? sql`(${bugs.reporterId} = ${filter.involving} or ${bugs.ownerId} = ${filter.involving})` : sql`${stories.reporterId} = ${filter.involving}`);
  }
  if (filter.reporter) conditions.push(sql`${table.reporterId} = ${filter.reporter}`);
  if (filter.updatedBefore) conditions.push(sql`${table.updatedAt} < ${filter.updatedBefore.toISOString()}::timestamptz`);
  if (filter.owner) conditions.push(type === 'bug' ? sql`${bugs.ownerId} = ${filter.owner}` : sql`false`);
  const vector = type === 'bug' ? bugSearchVector(bugs) : storySearchVector(stories);
  if (filter.search) conditions.push(sql`${vector} @@ ${searchQuery(filter.search)}`);
  const rank = filter.search ? sql`ts_rank(${vector}, ${searchQuery(filter.search)})` : sql`0`;
  const columns =
    type === 'bug'
      ? sql`'bug' as type, ${bugs.id} as id, ${bugs.number} as number, ${bugs.summary} as title, ${bugs.status} as status, ${bugs.reporterId} as reporter_id, ${bugs.ownerId} as owner_id, ${bugs.probability} as probability, ${bugs.impact} as impact`
      : sql`'story' as type, ${stories.id} as id, ${stories.number} as number, ${stories.title} as title, ${stories.status} as status, ${stories.reporterId} as reporter_id, null::text as owner_id, null::int as probability, null::int as impact`;
  return sql`select ${columns}, ${table.createdAt} as created_at, ${table.updatedAt} as updated_at, ${rank} as rank from ${table} where ${sql.join(conditions, sql` and `)}`;
}

interface Row {
  type: ItemKind;
  id: number | string;
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

const orderBy = { newest: sql`created_at desc, id desc`, oldest: sql`created_at asc, id asc`, rank: sql`rank desc, created_at desc`, stalest: sql`updated_at asc, id asc` };

/** Items of a workspace matching `filter`, and how many match in all (for "and N more"). */
export async function findItems(db: Db, workspaceId: string, filter: ItemFilter): Promise<{ items: ItemSummary[]; total: number }> {
  const union = sql.join(filter.types.map((type) => part(type, workspaceId, filter)), sql` union all `);
  const [rows, counted] = await Promise.all([
    queryRows<Row>(db, sql`select * from (${union}) items order by ${orderBy[filter.order]} limit ${filter.limit} offset ${filter.offset ?? 0}`),
    queryRows<{ total: number | string }>(db, sql`select count(*) as total from (${union}) items`),
  ]);
  return {
    items: rows.map((row) => ({
      type: row.type,
      id: Number(row.id),
      number: row.number,
      title: row.title,
      status: row.status,
      reporterId: row.reporter_id,
      ownerId: row.owner_id,
      probability: row.probability,
      impact: row.impact,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    })),
    total: Number(counted[0]?.total ?? 0),
  };
}
