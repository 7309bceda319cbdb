import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP hop between the app and PostgreSQL that a test can break and restore.
 * - `cut()`: every open connection is closed and new ones are closed at once, as when the database server stops.
 * - `reset()`: every open connection gets a TCP RST and new ones are refused (nothing listens on the port),
 *   as in a failover, a PgBouncer or proxy restart or a network blip.
 * - `restore()`: connections go through again, on the same port.
 */
export class TcpProxy {
  private server: Server;
  private sockets = new Set<Socket>();
  private down = false;
  private listening = false;
  /** Connections accepted so far (a test can tell that the app reconnected). */
  accepted = 0;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.down) return void client.destroy();
      this.accepted += 1;
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('data', (chunk: Buffer) => {
        if (this.resetOnText && chunk.includes(this.resetOnText)) {
          this.resetOnText = undefined;
          client.resetAndDestroy();
          upstream.resetAndDestroy();
        }
      });
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      this.server.once('error', failed);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', failed);
        resolve();
      });
    });
    this.listening = true;
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** A started proxy in front of the PostgreSQL server of `databaseUrl`, and that URL rewritten to go through it. */
  static async inFrontOf(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
    const url = new URL(databaseUrl);
    const proxy = await new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) }).start();
    url.host = `127.0.0.1:${proxy.port}`;
    return { proxy, url: url.toString() };
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  private resetOnText: string | undefined;

  /** The next time a client sends `text` (a query's SQL, say), that connection is reset before it reaches the server. */
  resetWhenSent(text: string): void {
    this.resetOnText = text;
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Resets every open connection (RST, not FIN) and stops listening, so new connections are refused. */
  async reset(): Promise<void> {
    this.down = true;
    const closing = this.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    this.listening = false;
    for (const socket of this.sockets) socket.resetAndDestroy();
    await closing;
  }

  /** Lets connections through again; after `reset()`, listens again on the same port. */
  async restore(): Promise<void> {
    this.down = false;
    if (!this.listening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.cut();
    if (this.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.listening = false;
  }
}
