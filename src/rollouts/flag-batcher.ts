import type { Db } from '../db/client.ts';
import { applyFlagDeliveries, causedBy, type DeliveryOutcome, type FlagDelivery, FlagStateRaced } from './apply-flag-events.ts';

/** Applies deliveries as they come, several to a transaction. */
export interface FlagApplier {
  apply(delivery: FlagDelivery): Promise<DeliveryOutcome>;
}

interface Waiting {
  delivery: FlagDelivery;
  resolve: (outcome: DeliveryOutcome) => void;
  reject: (error: unknown) => void;
}

/** Deliveries in one transaction at most: a provider's burst is a few hundred a second, so batches stay small. */
const MAX_BATCH = 64;
/** Times a batch is taken again when another instance inserted a flag's first state meanwhile. */
const RACE_TRIES = 3;

async function applyRetrying(db: Db, deliveries: FlagDelivery[]): Promise<DeliveryOutcome[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyFlagDeliveries(db, deliveries);
    } catch (error) {
      if (!causedBy(error, FlagStateRaced) || attempt >= RACE_TRIES) throw error;
    }
  }
}

/**
 * Group commit for flag webhooks: a delivery that arrives while a transaction is running waits and goes into
 * the next one with everything else that arrived meanwhile (one transaction at a time per instance: batches
 * lock their flags' rows in one order, so more could run without deadlocking, but at 500 deliveries a second
 * three at once answered no faster than one: smaller batches, more statements). One transaction per delivery cost
 * ~7 statements each and topped out near 440 deliveries a second; a batch costs about what one did, and
 * each delivery is still answered only once its events are committed. When a batch fails, its deliveries
 * are tried one by one, so one bad delivery fails only itself.
 */
export function createFlagApplier(db: Db): FlagApplier {
  const waiting: Waiting[] = [];
  let running = false;

  async function runBatch(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await applyRetrying(
        db,
        batch.map((w) => w.delivery),
      );
      for (const [i, w] of batch.entries()) w.resolve(outcomes[i]!);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const w of batch) {
        try {
          const [outcome] = await applyRetrying(db, [w.delivery]);
          w.resolve(outcome!);
        } catch (own) {
          w.reject(own);
        }
      }
    }
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) await runBatch(waiting.splice(0, MAX_BATCH));
    } finally {
      running = false;
    }
  }

  return {
    apply(delivery) {
      return new Promise<DeliveryOutcome>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (!running) void drain();
      });
    },
  };
}
