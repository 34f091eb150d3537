/**
 * The inspection endpoint: a node:http server inside the application with a
 * JSON API, a Server-Sent Events stream and the observer page.
 *
 * Every request passes the `Host` check (DNS rebinding) and the `Origin`
 * check (cross-site requests); every API request needs the token in an
 * `Authorization: Bearer` header, compared in constant time. The page's
 * static files are served without it: they hold no data. Bodies are bounded;
 * every refusal is a 4xx with a JSON `{ error, message }` saying why.
 * No request evaluates code: traces take data (names, kinds, a text pattern).
 *
 * The collector is held while a client is connected — an open event stream,
 * or a lease renewed by each API request (`leaseMs`) — and released after:
 * with no client, the runtime counts nothing and the endpoint listens to
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { runtime as currentRuntime, type Runtime } from '../runtime/index.ts';
import { ACTIONS, runAction } from './actions.ts';
import { MIN_TOKEN_LENGTH, allowedHosts, checkSite, checkToken, isLoopback, newToken } from './auth.ts';
import { Collector } from './collector.ts';
import { DEFAULT_MAX_BODY, Refused, head, json, readJson, refuse } from './http.ts';
import { findProcess, parsePidText, processView } from './process-view.ts';
import { Session } from './sse.ts';
import { PAGE_CSP, loadPage, type PageFile } from './static.ts';
import { COLUMNS, tablePage, type Column } from './table.ts';
import { Trace, traceSpec } from './tracer.ts';
import { supervisionTree } from './tree.ts';

/** Options of `start`. */
export interface DiagnosticsOptions {
  /** Port to listen on (default 0: a free port; see `url`). */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1). Any other than loopback is warned about. */
  readonly host?: string;
  /** The token (default: 32 random bytes). At least 16 characters. */
  readonly token?: string;
  /** Allow actions (suspend, resume, kill, compact-mailbox, log-level). Default false: read-only. */
  readonly actions?: boolean;
  /** The runtime to show (default: the current one, `runtime()`). */
  readonly runtime?: Runtime;
  /** More `Host` values to answer to (a name the endpoint is reached by), `host` or `host:port`. */
  readonly allowedHosts?: readonly string[];
  /** Sampling interval of the node header and the message rates, in ms (default 1000, at least 100). */
  readonly sampleMs?: number;
  /** How long an API request keeps the collector on without an event stream, in ms (default 10,000). */
  readonly leaseMs?: number;
  /** Bound of `sys.getStatus`/`sys.getState` (process view, tree) and of actions, in ms (default 1000). */
  readonly callTimeoutMs?: number;
  /** Largest request body, in bytes (default 16 KiB). */
  readonly maxBodyBytes?: number;
  /** Where warnings go (default: a line on stderr, `otpscope diagnostics: …`). */
  readonly warn?: (message: string) => void;
}

/** A running endpoint. */
export interface Diagnostics {
  /** `http://host:port/` (the page; give it the token as `#token=…`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The token clients send as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly actions: boolean;
  readonly runtime: Runtime;
  /** The collector (attached while a client is connected). */
  readonly collector: Collector;
  /** Open event streams. */
  readonly sessions: number;
  /** Running traces. */
  readonly traces: number;
  /** Stops every trace, ends every stream, closes the server. */
  close(): Promise<void>;
}

const defaultWarn = (m: string): void => void process.stderr.write(`otpscope diagnostics: ${m}\n`);

/** Parses a whole number query parameter within bounds (else a 400 naming it). */
function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Refused(400, 'bad_query', `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Starts the endpoint. */
export async function start(options: DiagnosticsOptions = {}): Promise<Diagnostics> {
  const rt = options.runtime ?? currentRuntime();
  const host = options.host ?? '127.0.0.1';
  const warn = options.warn ?? defaultWarn;
  const token = options.token ?? newToken();
  if (token.length < MIN_TOKEN_LENGTH) throw new RangeError(`otpscope diagnostics: a token must have at least ${MIN_TOKEN_LENGTH} characters`);
  const actions = options.actions === true;
  const sampleMs = Math.max(100, options.sampleMs ?? 1000);
  const leaseMs = Math.max(100, options.leaseMs ?? 10_000);
  const callTimeoutMs = options.callTimeoutMs ?? 1000;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const collector = new Collector(rt, sampleMs);
  const page = loadPage();
  const sessions = new Map<string, Session>();
  const traces = new Map<string, { trace: Trace; session: Session }>();
  let hosts = new Set<string>();
  let lease: ReturnType<typeof setTimeout> | null = null;

  /** An API request keeps the collector on for `leaseMs` more. */
  const renewLease = (): void => {
    if (lease === null) collector.acquire();
    else clearTimeout(lease);
    lease = setTimeout(() => {
      lease = null;
      collector.release();
    }, leaseMs);
    lease.unref();
  };

  const servePage = (res: ServerResponse, f: PageFile): void => {
    head(res, 200, { 'content-type': f.type, 'content-length': String(f.body.length), 'content-security-policy': PAGE_CSP });
    res.end(f.body);
  };

  const openEvents = (res: ServerResponse): void => {
    const s = new Session(res);
    sessions.set(s.id, s);
    collector.acquire();
    s.send('hello', { session: s.id, sampleMs, actions, node: collector.node() });
    const offSample = collector.onSample((h) => s.send('node', h));
    const offTree = collector.onTreeChange(() => s.send('tree', {}));
    s.onClose(() => {
      offSample();
      offTree();
      sessions.delete(s.id);
      for (const t of [...traces.values()]) if (t.session === s) t.trace.stop('client-disconnected');
      collector.release();
    });
  };

  const sessionOf = (req: IncomingMessage): Session => {
    const id = req.headers['x-otpscope-session'];
    const s = typeof id === 'string' ? sessions.get(id) : undefined;
    if (s === undefined || s.isClosed) {
      throw new Refused(409, 'no_session', 'a trace belongs to an open event stream: open GET /api/events and send its session id in the X-Otpscope-Session header');
    }
    return s;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/api/events' && method === 'GET') {
      openEvents(res);
      return;
    }
    renewLease();
    if (path === '/api/node' && method === 'GET') {
      json(res, 200, { ...collector.node(), actions });
      return;
    }
    if (path === '/api/processes' && method === 'GET') {
      const sort = url.searchParams.get('sort') ?? undefined;
      if (sort !== undefined && !(COLUMNS as readonly string[]).includes(sort)) throw new Refused(400, 'bad_query', `sort must be one of ${COLUMNS.join(', ')}`);
      const order = url.searchParams.get('order') ?? undefined;
      if (order !== undefined && order !== 'asc' && order !== 'desc') throw new Refused(400, 'bad_query', 'order must be asc or desc');
      json(res, 200, tablePage(collector, { sort: sort as Column | undefined, order, offset: intParam(url, 'offset', 0, 10_000_000), limit: intParam(url, 'limit', 1, 500) }));
      return;
    }
    const m = /^\/api\/processes\/([^/]+)$/.exec(path);
    if (m !== null && method === 'GET') {
      const text = decodeURIComponent(m[1]);
      const id = parsePidText(text);
      if (id === null) throw new Refused(400, 'bad_pid', `${JSON.stringify(text.slice(0, 40))} is not a pid (<0.N.0>)`);
      const p = findProcess(rt, id);
      if (p === undefined) throw new Refused(404, 'no_such_process', `no live process <0.${id}.0>`);
      json(res, 200, await processView(collector, p, callTimeoutMs));
      return;
    }
    if (path === '/api/tree' && method === 'GET') {
      json(res, 200, await supervisionTree(collector, rt, callTimeoutMs));
      return;
    }
    if (path === '/api/traces' && method === 'POST') {
      const body = await readJson(req, maxBody);
      const s = sessionOf(req);
      const spec = traceSpec(rt, body);
      const id = randomBytes(8).toString('hex');
      const trace = new Trace(
        id,
        rt,
        spec,
        {
          event: (tid, e) => s.send('trace', { trace: tid, event: e }),
          stopped: (st) => s.send('trace-stopped', st),
          get backedUp() {
            return s.backedUp;
          },
        },
        () => traces.delete(id),
      );
      traces.set(id, { trace, session: s });
      json(res, 201, { id, target: spec.target, targets: spec.targets.map((p) => String(p.pid)), kinds: spec.kinds, limit: spec.limit, durationMs: spec.durationMs, pattern: spec.pattern });
      return;
    }
    const t = /^\/api\/traces\/([0-9a-f]+)$/.exec(path);
    if (t !== null && method === 'DELETE') {
      const s = sessionOf(req);
      const entry = traces.get(t[1]);
      // another client's trace is as unknown as a finished one: sessions do not see each other's
      if (entry === undefined || entry.session !== s) throw new Refused(404, 'no_such_trace', `no running trace ${t[1]} of this session`);
      entry.trace.stop('stopped');
      json(res, 200, { id: t[1], stopped: true });
      return;
    }
    if (path === '/api/actions' && method === 'POST') {
      const body = await readJson(req, maxBody);
      if (!actions) {
        throw new Refused(403, 'actions_disabled', `actions (${ACTIONS.join(', ')}) are off: this endpoint is read-only; start it with actions: true (OTPSCOPE_DIAGNOSTICS_ACTIONS=true) to allow them`);
      }
      json(res, 200, await runAction(rt, body, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`, callTimeoutMs));
      return;
    }
    const known = ['/api/node', '/api/processes', '/api/tree', '/api/traces', '/api/actions', '/api/events'];
    if (known.includes(path) || m !== null || t !== null) throw new Refused(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
    throw new Refused(404, 'not_found', `no such endpoint: ${path.slice(0, 100)}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const site = checkSite(req.headers, hosts);
    if (site !== null) {
      refuse(res, site);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://endpoint');
    } catch {
      refuse(res, { status: 400, error: 'bad_url', message: 'the request URL does not parse' });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      const f = page.get(url.pathname);
      if (f !== undefined && (req.method === 'GET' || req.method === 'HEAD')) servePage(res, f);
      else refuse(res, { status: 404, error: 'not_found', message: `no such file: ${url.pathname.slice(0, 100)}` });
      return;
    }
    const auth = checkToken(req.headers, token);
    if (auth !== null) {
      refuse(res, auth);
      return;
    }
    try {
      await api(req, res, url);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof Refused) {
        if (e.refusal.status === 413) {
          // the rest of an oversized body is not read: close the connection once answered
          res.setHeader('connection', 'close');
          res.on('finish', () => req.destroy());
        }
        refuse(res, e.refusal);
      } else {
        refuse(res, { status: 500, error: 'internal', message: 'the endpoint failed to answer this request' });
      }
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port, options.allowedHosts);
  if (!isLoopback(host)) {
    warn(`the endpoint listens on ${host}:${port}, not on loopback: anyone who can reach it and has the token can read this process's state${actions ? ' and act on it' : ''}`);
  }
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${shownHost}:${port}/`,
    host,
    port,
    token,
    actions,
    runtime: rt,
    collector,
    get sessions() {
      return sessions.size;
    },
    get traces() {
      return traces.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const { trace } of [...traces.values()]) trace.stop('endpoint-closed');
      for (const s of [...sessions.values()]) s.close();
      if (lease !== null) {
        clearTimeout(lease);
        lease = null;
        collector.release();
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
