import type { Authorize, AuthorizeSourceData } from '@slack/bolt';
import type { InFlight } from '../in-flight.ts';
import type { Logger } from '../logger.ts';

/** What the request gate has already checked of an Events API callback (slack-gate.ts). */
interface EventCallback {
  type: 'event_callback';
  team_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  authorizations?: { team_id?: string | null; enterprise_id?: string | null; is_enterprise_install?: boolean }[];
  event: { type: string; user?: unknown; channel?: unknown };
}

/** The thread-message listener (listeners/events/thread-message.ts), called as Bolt calls it. */
export type MessageListener = (args: { event: never; body: never; context: { botUserId?: string; botId?: string } }) => Promise<void>;

export function isMessageEvent(body: unknown): body is EventCallback {
  const candidate = body as Partial<EventCallback> | undefined;
  return candidate?.type === 'event_callback' && candidate.event?.type === 'message';
}

/** The workspace a callback speaks for, read as Bolt reads it (App.js buildSource). */
function sourceOf(body: EventCallback): AuthorizeSourceData<boolean> {
  const first = body.authorizations?.[0];
  const isEnterpriseInstall = first?.is_enterprise_install ?? body.is_enterprise_install ?? false;
  return {
    teamId: first?.team_id ?? body.team_id,
    // Outside an Enterprise Grid the authorization's enterprise_id is null: no enterprise, not "look further".
    enterpriseId: first ? (first.enterprise_id ?? undefined) : body.enterprise_id,
    userId: typeof body.event.user === 'string' ? body.event.user : undefined,
    conversationId: typeof body.event.channel === 'string' ? body.event.channel : undefined,
    isEnterpriseInstall,
  } as AuthorizeSourceData<boolean>;
}

export type MessageEvents = (body: EventCallback) => Promise<(() => Promise<void>) | undefined>;

/**
 * `message` events, taken before Bolt (HTTP mode). Every message in every channel the bot is in arrives
 * as one, most of them kept nowhere; through Bolt each cost about a millisecond of the event loop (its
 * second parse of the body, its context and middleware) that the people waiting for an answer paid
 * (bench/RESULTS.md, "A burst of thread replies"). The gate has verified and parsed the request; this
 * authorizes it as Bolt would (a workspace without an installation is refused, 401), and gives back the work
 * to run once the 200 is sent, tracked for shutdown like Bolt's listeners.
 */
export function messageEvents({ authorize, listener, inFlight, logger }: { authorize: Authorize<boolean>; listener: MessageListener; inFlight: InFlight; logger: Logger }): MessageEvents {
  return async (body) => {
    let context: { botUserId?: string; botId?: string };
    try {
      context = await authorize(sourceOf(body), body as never);
    } catch (error) {
      logger.warn({ teamId: body.team_id, reason: error instanceof Error ? error.message : String(error) }, 'request from a workspace without a valid installation refused');
      return undefined;
    }
    // As Bolt's ignoreSelf does: the bot's own messages end here, before the listener.
    const { bot_id: botId, user } = body.event as { bot_id?: unknown; user?: unknown };
    if ((context.botId !== undefined && botId === context.botId) || (context.botUserId !== undefined && user === context.botUserId)) return async () => undefined;
    return () =>
      inFlight.track(() =>
        listener({ event: body.event as never, body: body as never, context: { botUserId: context.botUserId, botId: context.botId } }).catch((error: unknown) => {
          logger.error({ err: error, teamId: body.team_id }, 'unhandled error in a listener');
        }),
      );
  };
}
