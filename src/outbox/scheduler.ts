import { type Lane, laneOf } from './lanes.ts';
import type { Prepaid } from './paced-client.ts';
import type { Pacer } from './rate-limits.ts';

/** A pending row as a claim sees it: `free` when it is due and no live lease holds it. */
export interface Candidate {
  id: number;
  workspaceId: string;
  payload: unknown;
  free: boolean;
}

export interface Choice {
  id: number;
  workspaceId: string;
  lane: Lane;
  prepaid?: Prepaid;
}

export interface Selection {
  chosen: Choice[];
  /** When something skipped for a rate limit may go (ms from now); undefined when nothing was. */
  retryInMs?: number;
}

export interface SelectOptions {
  /** How many rows to take at most. */
  want: number;
  pacer: Pacer;
  /** Rows this instance is sending now: never taken twice. */
  inFlight: ReadonlySet<number>;
  /** Where a lane's last chat call went, for lanes whose payload names no channel (a triage message). */
  channelHint: (workspaceId: string, orderKey: string) => string | undefined;
  /** Which workspace goes first this time (a rotating cursor), so none is always last. */
  turn: number;
}

/**
 * Picks what to send now from the pending rows of each workspace, oldest first. Only a lane's head may go:
 * the oldest pending row of its lane, whatever state it is in, so a later message never overtakes an
 * earlier one that is in flight (here or in another instance), waiting for a retry or held by a 429. A head
 * whose channel or method has no token left waits in the table. Workspaces take turns, one row each per
 * round, so one workspace's burst shares the slots with the rest instead of filling them.
 */
export function selectHeads(candidates: Candidate[], options: SelectOptions): Selection {
  const byWorkspace = new Map<string, Choice[]>();
  const seen = new Set<string>();
  for (const row of candidates) {
    const lane = laneOf(row.payload, row.id);
    const key = `${row.workspaceId}\u0000${lane.orderKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!row.free || options.inFlight.has(row.id)) continue;
    const heads = byWorkspace.get(row.workspaceId) ?? [];
    heads.push({ id: row.id, workspaceId: row.workspaceId, lane });
    byWorkspace.set(row.workspaceId, heads);
  }
  const queues = [...byWorkspace.values()];
  const start = queues.length === 0 ? 0 : options.turn % queues.length;
  const order = [...queues.slice(start), ...queues.slice(0, start)];
  const chosen: Choice[] = [];
  let retryInMs: number | undefined;
  for (let round = true; round && chosen.length < options.want; ) {
    round = false;
    for (const heads of order) {
      if (chosen.length >= options.want) break;
      for (let head = heads.shift(); head; head = heads.shift()) {
        const channel = head.lane.channel ?? options.channelHint(head.workspaceId, head.lane.orderKey);
        const method = head.lane.method ?? 'chat.postMessage';
        const wait = channel ? options.pacer.tryTake(head.workspaceId, method, channel) : 0;
        if (wait > 0) {
          retryInMs = Math.min(retryInMs ?? wait, wait);
          continue;
        }
        chosen.push(channel ? { ...head, prepaid: { method, channel } } : head);
        round = true;
        break;
      }
    }
  }
  return { chosen, retryInMs };
}
