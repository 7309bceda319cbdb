import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What Slack sends first on every Socket Mode connection; the client counts as connected only after it. */
export const HELLO = {
  type: 'hello',
  num_connections: 1,
  debug_info: { host: 'local', approximate_connection_time: 3600 },
  connection_info: { app_id: 'A_SHORTLIST' },
};

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope {
  envelope_id?: string;
  type: EnvelopeType;
  payload: unknown;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sends back to acknowledge an envelope. */
export interface Ack {
  envelope_id: string;
  payload?: Record<string, any>;
}

/** One message on the socket, either way, as parsed JSON (or the raw text when it was not JSON). */
export interface SocketMessage {
  direction: 'in' | 'out';
  data: unknown;
  at: number;
}

interface Waiter {
  resolve(ack: Ack): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Slack's side of Socket Mode on 127.0.0.1: greets each connection with `hello`, delivers envelopes to
 * the connected app and hands back the app's acknowledgement. Records every message both ways.
 */
export class SocketModeServer {
  readonly messages: SocketMessage[] = [];
  /** Every connection opened, with the path and query the client asked for. */
  readonly connections: { url: string; at: number }[] = [];
  private readonly server: WebSocketServer;
  private readonly clients = new Set<WebSocket>();
  private readonly waiting = new Map<string, Waiter>();
  private readonly acks = new Map<string, Ack>();
  private connectedListeners: (() => void)[] = [];

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket, request) => {
      this.clients.add(socket);
      this.connections.push({ url: request.url ?? '/', at: Date.now() });
      socket.on('close', () => this.clients.delete(socket));
      socket.on('error', () => this.clients.delete(socket));
      socket.on('message', (raw, isBinary) => this.receive(raw.toString(), isBinary));
      this.write(socket, HELLO);
      for (const notify of this.connectedListeners.splice(0)) notify();
    });
  }

  static async start(): Promise<SocketModeServer> {
    const server: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    return new SocketModeServer(server);
  }

  /** The URL `apps.connections.open` should return. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A_SHORTLIST`;
  }

  get connected(): number {
    return this.clients.size;
  }

  /** Resolves once at least one client is connected. */
  async waitForConnection(timeoutMs = 5000): Promise<void> {
    if (this.clients.size > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket mode: no connection within ${timeoutMs} ms`)), timeoutMs);
      this.connectedListeners.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Sends `envelope` to every connected client (Slack uses one; the tests connect one) and resolves with
   * the ack the app sends back for its envelope id, or rejects after `timeoutMs`.
   */
  async send(envelope: Envelope, timeoutMs = 5000): Promise<Ack> {
    if (this.clients.size === 0) throw new Error('socket mode: no client connected');
    const envelopeId = envelope.envelope_id ?? randomUUID();
    const message = { accepts_response_payload: envelope.type !== 'events_api', ...envelope, envelope_id: envelopeId };
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error(`socket mode: no ack for ${envelope.type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelopeId, { resolve, reject, timer });
    });
    for (const socket of this.clients) this.write(socket, message);
    return acked;
  }

  /** Resolves once no client is connected any more (the app closed its socket), or rejects after `timeoutMs`. */
  async waitForDisconnect(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.clients.size > 0) {
      if (Date.now() > deadline) throw new Error(`socket mode: client still connected after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The ack received for `envelopeId`, if any. */
  ackFor(envelopeId: string): Ack | undefined {
    return this.acks.get(envelopeId);
  }

  /** Closes every connection at once (as a dropped network would) and stops listening. */
  async close(): Promise<void> {
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('socket mode: server closed'));
    }
    this.waiting.clear();
    for (const socket of this.clients) socket.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private write(socket: WebSocket, data: unknown): void {
    this.messages.push({ direction: 'out', data, at: Date.now() });
    socket.send(JSON.stringify(data));
  }

  private receive(text: string, isBinary: boolean): void {
    let data: unknown = text;
    if (!isBinary) {
      try {
        data = JSON.parse(text);
      } catch {
        // Recorded as text.
      }
    }
    this.messages.push({ direction: 'in', data, at: Date.now() });
    const envelopeId = (data as { envelope_id?: unknown } | null)?.envelope_id;
    if (typeof envelopeId !== 'string') return;
    const ack = data as Ack;
    this.acks.set(envelopeId, ack);
    const waiter = this.waiting.get(envelopeId);
    if (!waiter) return;
    this.waiting.delete(envelopeId);
    clearTimeout(waiter.timer);
    waiter.resolve(ack);
  }
}

export function startSocketModeServer(): Promise<SocketModeServer> {
  return SocketModeServer.start();
}
