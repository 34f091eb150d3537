/**
 * Who may talk to the diagnostics endpoint: the bearer token (random,
 * compared in constant time), the `Host` header (against DNS rebinding: a
 * page of another site whose name resolves to 127.0.0.1 sends its own name)
 * and the `Origin` header (a browser's cross-site request). Each check says
 * why it refused, for the JSON 4xx the server answers with.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/** A fresh token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Shortest token the endpoint accepts from its options (a short one is guessable). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * True when `given` is the token. Both are hashed first, so the buffers
 * `timingSafeEqual` compares have equal lengths whatever was sent, and the
 * time taken tells nothing about the token (not even its length).
 */
export function tokenMatches(token: string, given: string): boolean {
  const a = createHash('sha256').update(token, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearer(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(h);
  return m === null ? null : m[1];
}

/** True for a loopback host: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The `host:port` values the `Host` header may carry for an endpoint bound to `bound`:`port`. */
export function allowedHosts(bound: string, port: number, extra: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  const add = (h: string): void => {
    const host = h.toLowerCase();
    out.add(host.includes(':') && !host.startsWith('[') && isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`);
  };
  if (isLoopback(bound) || bound === '0.0.0.0' || bound === '::') for (const h of ['127.0.0.1', 'localhost', '::1']) add(h);
  if (bound !== '0.0.0.0' && bound !== '::') add(bound);
  for (const e of extra) {
    // an entry with its own port is taken as it is
    if (/:\d+$/.test(e) && !(isIP(e) === 6)) out.add(e.toLowerCase());
    else add(e);
  }
  return out;
}

/** Why a request was refused: the HTTP status and the JSON body's `error` and `message`. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
}

/** Checks `Host` and `Origin` (and `Sec-Fetch-Site`) against the allowed hosts; null when they pass. */
export function checkSite(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): Refusal | null {
  const host = headers.host;
  if (typeof host !== 'string' || host === '') return { status: 400, error: 'missing_host', message: 'the request has no Host header' };
  if (!hosts.has(host.toLowerCase())) {
    return {
      status: 403,
      error: 'forbidden_host',
      message: `Host ${JSON.stringify(host.slice(0, 100))} is not one this endpoint answers to (DNS rebinding guard); allowed: ${[...hosts].join(', ')}`,
    };
  }
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = u.protocol === 'http:' && hosts.has(u.host.toLowerCase());
    } catch {
      ok = false;
    }
    if (!ok) return { status: 403, error: 'forbidden_origin', message: `requests from origin ${JSON.stringify(origin.slice(0, 100))} are refused (cross-site)` };
  } else if (origin === 'null') {
    return { status: 403, error: 'forbidden_origin', message: 'requests from an opaque origin ("null") are refused' };
  }
  if (headers['sec-fetch-site'] === 'cross-site') return { status: 403, error: 'forbidden_origin', message: 'cross-site requests are refused (Sec-Fetch-Site: cross-site)' };
  return null;
}

/** Checks the bearer token; null when it is the endpoint's. */
export function checkToken(headers: IncomingHttpHeaders, token: string): Refusal | null {
  const given = bearer(headers);
  if (given === null) {
    return {
      status: 401,
      error: 'missing_token',
      message: 'this endpoint needs its token in an "Authorization: Bearer <token>" header (the token is never taken from the URL)',
    };
  }
  if (!tokenMatches(token, given)) return { status: 401, error: 'wrong_token', message: 'the token does not match' };
  return null;
}
