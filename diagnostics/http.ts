/**
 * The endpoint's HTTP plumbing: JSON answers, JSON refusals (every 4xx says
 * why: `{ "error": code, "message": text }`), the headers every answer
 * carries, and request bodies read with a size bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Refusal } from './auth.ts';

/** Default bound of a request body, in bytes. */
export const DEFAULT_MAX_BODY = 16 * 1024;

/** Headers of every answer: no caching, no sniffing, no framing, no referrer. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** Writes the common headers and `extra`, then the status. */
export function head(res: ServerResponse, status: number, extra: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...extra });
}

/** Answers `status` with `body` as JSON. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  head(res, status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Answers a refusal: its status, `{ error, message }`. */
export function refuse(res: ServerResponse, r: Refusal): void {
  const extra: Record<string, string> = r.status === 401 ? { 'www-authenticate': 'Bearer realm="otpscope diagnostics"' } : {};
  const text = JSON.stringify({ error: r.error, message: r.message });
  head(res, r.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

/** A refusal as a value (for handlers that return one). */
export function refusal(status: number, error: string, message: string): Refusal {
  return { status, error, message };
}

/** Thrown by a handler to answer with a refusal. */
export class Refused extends Error {
  readonly refusal: Refusal;

  constructor(status: number, error: string, message: string) {
    super(message);
    this.refusal = { status, error, message };
  }
}

/**
 * Reads a JSON object body of at most `max` bytes: 415 unless the type is
 * JSON, 413 past the bound (the rest is not read), 400 for text that is not a
 * JSON object.
 */
export async function readJson(req: IncomingMessage, max: number): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new Refused(415, 'unsupported_media_type', 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) throw new Refused(413, 'body_too_large', `the body is ${declared} bytes; at most ${max} are read`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new Refused(413, 'body_too_large', `the body is more than ${max} bytes`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refused(400, 'bad_json', 'the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Refused(400, 'bad_json', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}
