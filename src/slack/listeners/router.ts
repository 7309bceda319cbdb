import type { Logger } from '../../logger.ts';

/** A listener as its own file exports it; each takes the arguments of its own kind of request. */
export type Handler = (args: never) => Promise<void>;

/**
 * One Bolt listener per kind of request, routing by id. Bolt runs the middleware chain of every registered
 * listener for every request; with one listener per id that was a third of the app's CPU per `/bug`
 * (bench/RESULTS.md). A request with an id nobody handles is acknowledged and logged, not left to
 * time out.
 */
export function route<A extends { ack?: () => Promise<void> }>(
  kind: string,
  handlers: Record<string, Handler>,
  idOf: (args: A) => string | undefined,
  logger: Logger,
): (args: A) => Promise<void> {
  const byId = new Map(Object.entries(handlers));
  return async (args) => {
    const id = idOf(args);
    const handler = id === undefined ? undefined : byId.get(id);
    if (handler) return handler(args as never);
    // Events API requests are acknowledged by Bolt itself and have no ack here.
    await args.ack?.();
    logger.warn({ kind, id }, 'request with an id no listener handles; acknowledged and ignored');
  };
}
