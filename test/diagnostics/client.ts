/**
 * A small HTTP client of the diagnostics endpoint for the tests: requests with
 * any headers (node:http, so Host and Origin can be forged), and an event
 * stream reader whose waits are bounded (they wait for the endpoint's events,
 * they never sleep).
 */
import { request } from 'node:http';
import type { Diagnostics } from '../../diagnostics/index.ts';

/** An answer: status, headers and the body (parsed when JSON). */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown> & { error?: string; message?: string };
  readonly text: string;
}

/** Sends one request to the endpoint (by default with its token). */
export function call(
  d: Pick<Diagnostics, 'port' | 'token'>,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${d.port}` };
  const token = opts.token === undefined ? d.token : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let data: string | Buffer | undefined = opts.raw;
  if (opts.body !== undefined) {
    data = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path, method: opts.method ?? (data === undefined ? 'GET' : 'POST'), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Answer['body'] = {};
        if ((res.headers['content-type'] ?? '').startsWith('application/json')) body = JSON.parse(text) as Answer['body'];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (data !== undefined) req.end(data);
    else req.end();
  });
}

/** One received event. */
export interface StreamEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** An open event stream. */
export interface EventStream {
  readonly session: string;
  readonly events: StreamEvent[];
  /** Resolves with the first event (from the start) of `event` that `pred` accepts; rejects after `ms`. */
  next(event: string, pred?: (d: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  close(): void;
}

/** Opens `GET /api/events`; resolves once `hello` arrived. */
export function openStream(d: Pick<Diagnostics, 'port' | 'token'>): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: StreamEvent[] = [];
    const waiters: (() => void)[] = [];
    const req = request({ host: '127.0.0.1', port: d.port, path: '/api/events', headers: { host: `127.0.0.1:${d.port}`, authorization: `Bearer ${d.token}` } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`events: HTTP ${res.statusCode}`));
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data === '') continue;
          events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          for (const w of waiters.splice(0)) w();
          if (event === 'hello') resolve(stream(String((JSON.parse(data) as { session: string }).session)));
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
    const stream = (session: string): EventStream => ({
      session,
      events,
      next(event, pred = () => true, ms = 5000) {
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no ${event} event within ${ms} ms; got ${events.map((e) => e.event).join(', ')}`)), ms);
          const look = (): void => {
            const found = events.find((e) => e.event === event && pred(e.data));
            if (found !== undefined) {
              clearTimeout(timer);
              res(found.data);
            } else waiters.push(look);
          };
          look();
        });
      },
      close() {
        req.destroy();
      },
    });
  });
}

/** Polls `cond` until true, at most `tries` times one event-loop turn apart (for what a server does after a socket closes). */
export async function eventually(cond: () => boolean, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition not met');
}
