/**
 * One client's Server-Sent Events stream: `hello` with its session id, then
 * `node` headers at each sample, `tree` when a supervisor's children change,
 * and the events of the traces it started (`trace`, `trace-stopped`); a
 * comment line every 15 s keeps proxies from closing it. The session holds
 * the collector while open; its traces end when it closes.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { clearInterval, setInterval } from 'node:timers';
import { head } from './http.ts';

/** Bytes buffered for a client before it counts as backed up. */
export const BACKED_UP_BYTES = 1 << 20;

/** An open event stream. */
export class Session {
  readonly id = randomBytes(16).toString('base64url');
  private readonly res: ServerResponse;
  private readonly ping: ReturnType<typeof setInterval>;
  private closed = false;
  private readonly closers: (() => void)[] = [];

  constructor(res: ServerResponse) {
    this.res = res;
    head(res, 200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    this.ping = setInterval(() => this.comment('ping'), 15_000);
    this.ping.unref();
    res.on('close', () => this.close());
  }

  /** True once the client has gone or the stream was ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** True when the client is not reading fast enough. */
  get backedUp(): boolean {
    return this.res.writableLength > BACKED_UP_BYTES;
  }

  /** Sends one event. */
  send(event: string, data: unknown): void {
    if (this.closed) return;
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private comment(text: string): void {
    if (!this.closed) this.res.write(`: ${text}\n\n`);
  }

  /** Runs `fn` when the session closes (at once if it has). */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closers.push(fn);
  }

  /** Ends the stream (also what the client's disconnect does). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ping);
    if (!this.res.writableEnded) this.res.end();
    for (const fn of this.closers.splice(0)) {
      try {
        fn();
      } catch {
        // one closer failing leaves the others to run
      }
    }
  }
}
