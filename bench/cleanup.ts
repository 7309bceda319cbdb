/**
 * Everything the bench starts (servers, databases, processes, temp dirs) registers how to undo it here,
 * so a broken run, a signal or the watchdog still cleans up. Undone last-registered first.
 */
const pending: { id: number; label: string; run: () => Promise<void> | void }[] = [];
let nextId = 0;
let stopping = false;

/**
 * Registers `run`; the returned function forgets it (call it once the work was undone normally).
 * Once the bench is cleaning up, whatever is still being started is undone at once and the caller stops.
 */
export function onCleanup(label: string, run: () => Promise<void> | void): () => void {
  if (stopping) {
    void Promise.resolve().then(run).catch(() => undefined);
    throw new Error(`bench is stopping; ${label} undone`);
  }
  const id = ++nextId;
  pending.push({ id, label, run });
  return () => {
    const index = pending.findIndex((entry) => entry.id === id);
    if (index >= 0) pending.splice(index, 1);
  };
}

/** Runs every registered cleanup, newest first, each bounded by `stepMs`; failures are reported, not thrown. */
export async function cleanUpAll(stepMs = 20_000): Promise<void> {
  stopping = true;
  while (pending.length > 0) {
    const { label, run } = pending.pop()!;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${stepMs} ms`)), stepMs);
    });
    await Promise.race([Promise.resolve().then(run), timeout])
      .catch((error: unknown) => console.error(`bench: cleaning up ${label} failed: ${(error as Error).message}`))
      .finally(() => clearTimeout(timer));
  }
}

/** Runs `work` with `resource` registered for cleanup, and undoes it normally afterwards. */
export async function withCleanup<R, T>(label: string, resource: R, undo: (resource: R) => Promise<void> | void, work: (resource: R) => Promise<T>): Promise<T> {
  const forget = onCleanup(label, () => undo(resource));
  try {
    return await work(resource);
  } finally {
    forget();
    await undo(resource);
  }
}
