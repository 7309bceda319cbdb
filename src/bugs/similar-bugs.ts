import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, isOpen } from '../db/schema.ts';

const summaryVector = sql`to_tsvector('english', ${bugs.summary})`;

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A query that matches summaries sharing at least two meaningful words (stemmed, stop words dropped)
 * with `lexemes`, or the one word when there is only one: "Login button does nothing" finds
 * "Login button broken on Safari" but not every bug that mentions "login".
 */
export function similarityQuery(lexemes: string[]): string | undefined {
  const words = [...new Set(lexemes)].slice(0, 8).map(quoteLexeme);
  if (words.length === 0) return undefined;
  if (words.length === 1) return words[0];
  const pairs: string[] = [];
  for (let i = 0; i < words.length; i += 1) for (let j = i + 1; j < words.length; j += 1) pairs.push(`(${words[i]} & ${words[j]})`);
  return pairs.join(' | ');
}

export interface SimilarBug {
  id: number;
  number: number;
  summary: string;
  status: string;
}

const CANDIDATES = 50;

/** Open bugs of the same workspace, filed before `beforeId`, whose summary is like `summary`; best first. */
export async function findSimilarBugs(db: Db, workspaceId: string, summary: string, beforeId: number, limit = 3): Promise<SimilarBug[]> {
  const [row] = await queryRows<{ lexemes: string[] }>(
    db,
    sql`select coalesce(array_agg(lexeme), '{}') as lexemes from unnest(to_tsvector('english', ${summary}))`,
  );
  const query = similarityQuery(row?.lexemes ?? []);
  if (!query) return [];
  const tsquery = sql`${query}::tsquery`;
  // Ranking re-reads each candidate's summary, so it is bounded: the best of the most recent matches. A
  // workspace with hundreds of look-alike open bugs would otherwise rank them all for every filing.
  const candidates = db
    .select({ id: bugs.id, number: bugs.number, summary: bugs.summary, status: bugs.status })
    .from(bugs)
    .where(and(eq(bugs.workspaceId, workspaceId), isOpen.bug, lt(bugs.id, beforeId), sql`${summaryVector} @@ ${tsquery}`))
    .orderBy(desc(bugs.id))
    .limit(CANDIDATES)
    .as('candidates');
  return db
    .select({ id: candidates.id, number: candidates.number, summary: candidates.summary, status: candidates.status })
    .from(candidates)
    .orderBy(desc(sql`ts_rank(to_tsvector('english', ${candidates.summary}), ${tsquery})`), desc(candidates.id))
    .limit(limit);
}
