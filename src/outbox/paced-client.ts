import { ErrorCode, type WebClient } from '@slack/web-api';
import { callJson } from '../slack/json-call.ts';
import type { Pacer } from './rate-limits.ts';

/** A call's token taken when its row was claimed (its lane named the channel), so the call does not take another. */
export interface Prepaid {
  method: string;
  channel: string;
}

export interface PacedCall {
  workspaceId: string;
  prepaid?: Prepaid;
  /** Longer than this, a call is not waited for inside a send: it fails as rate-limited, and its row waits in the table. */
  maxWaitMs: number;
  /** Told the channel of each chat call, so the next message of the lane can be paced before it is claimed. */
  onChannel?: (channel: string) => void;
}

/** Slack's own answer to a call that may not go yet, so the dispatcher retries it as it retries a 429 (using up no attempt). */
function notYet(ms: number): Error {
  return Object.assign(new Error(`held for ${ms} ms by a rate limit`), { code: ErrorCode.RateLimitedError, retryAfter: ms / 1000 });
}

/** The methods the outbox sends with a JSON body, the rest through WebClient as it is. */
const jsonMethods = new Set(['chat.postMessage', 'chat.update']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The client as one send sees it: every Web API call (`client.<family>.<method>`) waits for its token,
 * and a 429 holds what it applies to (the channel, or the method in the workspace) for its Retry-After.
 */
export function pacedClient(client: WebClient, pacer: Pacer, call: PacedCall): WebClient {
  let prepaid = call.prepaid;
  const paced =
    (method: string, send: (args: Record<string, unknown>) => Promise<unknown>) =>
    async (args: Record<string, unknown> = {}) => {
      const channel = typeof args.channel === 'string' ? args.channel : undefined;
      if (channel && method.startsWith('chat.')) call.onChannel?.(channel);
      if (prepaid && prepaid.method === method && prepaid.channel === channel) prepaid = undefined;
      else {
        const started = Date.now();
        for (let wait = pacer.tryTake(call.workspaceId, method, channel); wait > 0; wait = pacer.tryTake(call.workspaceId, method, channel)) {
          if (Date.now() - started + wait > call.maxWaitMs) throw notYet(wait);
          await sleep(wait);
        }
      }
      try {
        return await send(args);
      } catch (error) {
        const limited = error as { code?: string; retryAfter?: number };
        if (limited?.code === ErrorCode.RateLimitedError) pacer.hold(call.workspaceId, method, channel, (limited.retryAfter ?? 1) * 1000);
        throw error;
      }
    };
  const families = new Map<string, unknown>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'object' || value === null) return value;
      if (!families.has(property)) {
        families.set(
          property,
          new Proxy(value, {
            get(family, name) {
              const member = Reflect.get(family, name);
              if (typeof member !== 'function' || typeof name !== 'string') return member;
              const method = `${property}.${name}`;
              // The messages themselves go out as JSON (slack/json-call.ts): their blocks are most of the bytes.
              return paced(method, jsonMethods.has(method) ? (args) => callJson(target, method, args) : member.bind(family));
            },
          }),
        );
      }
      return families.get(property);
    },
  });
}
