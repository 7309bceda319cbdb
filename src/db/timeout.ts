/** A submission must be answered within Slack's 3 s; past this, the modal stays open with an error instead. */
export const SAVE_BUDGET_MS = 2000;

export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`database did not answer within ${ms} ms`);
  }
}

/** Gives up waiting after `ms`; the server-side statement_timeout set in the transaction rolls the work back. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
