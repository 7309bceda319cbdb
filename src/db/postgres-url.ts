/**
 * postgres.js's options for a DATABASE_URL. A `host` query parameter naming a directory
 * (`postgres://user@localhost/db?host=/var/run/postgresql`, as libpq reads it) connects through the server's
 * Unix socket there instead of TCP; postgres.js would otherwise send it to the server as a setting, which the
 * server refuses. config.ts checks a configured URL with it; it imports nothing, so that check is cheap.
 */
export function postgresConnection(url: string): { url: string; host?: string } {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (!host) return { url };
  if (!host.startsWith('/')) throw new Error(`DATABASE_URL: the host parameter must be a socket directory (an absolute path), not ${JSON.stringify(host)}`);
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), host };
}

/** Whether postgresConnection takes this URL's host parameter (none, or a socket directory). */
export function hostParameterIsUsable(url: string): boolean {
  try {
    postgresConnection(url);
    return true;
  } catch {
    return false;
  }
}
