import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted answer: a status with headers and body, or no answer at all until the stand-in stops. */
export type WebhookReply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** One POST the stand-in received, exactly as it came. */
export interface WebhookDelivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** The body parsed, when it was JSON. */
  json: unknown;
  /** What the stand-in answered (undefined while it hangs). */
  status?: number;
}

/** Signatures older or newer than this are refused, as a receiver following the README does. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/**
 * A receiver of rpa-notify webhooks, as someone's own tooling would be: with a secret it verifies the signature
 * (constant-time, timestamp within 5 minutes) and answers 401 when it does not hold; otherwise 204, unless
 * scripted to answer 429 + Retry-After, 5xx, or to hang.
 */
export class FakeWebhookServer {
  readonly deliveries: WebhookDelivery[] = [];
  /** Every rejected signature, with why. */
  readonly refused: string[] = [];
  readonly replies: WebhookReply[] = [];
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(public secret?: string) {}

  /** The URL to post to (with `path`, default /hooks/rpa). */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `${this.baseUrl()}/hooks/rpa`;
  }

  baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` deliveries have come in (answered or not). */
  waitForDeliveries(count: number): Promise<void> {
    if (this.deliveries.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, rawBody: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      json = undefined;
    }
    const delivery: WebhookDelivery = { path: req.url ?? '', headers: req.headers, rawBody, json };
    this.deliveries.push(delivery);
    this.waiters = this.waiters.filter((w) => (this.deliveries.length >= w.count ? (w.resolve(), false) : true));
    const reply = this.replies.shift();
    if (reply === 'hang') return;
    const refusal = req.method !== 'POST' ? 'not a POST' : this.secret === undefined ? undefined : verify(this.secret, req.headers, rawBody, Math.floor(Date.now() / 1000));
    if (refusal) {
      this.refused.push(refusal);
      delivery.status = 401;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: refusal }));
      return;
    }
    const answer = reply ?? { status: 204 };
    delivery.status = answer.status;
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }
}

/** Why the signature does not hold, or undefined when it does: the receiver's side of the README. */
export function verify(secret: string, headers: http.IncomingHttpHeaders, rawBody: Buffer, nowSeconds: number): string | undefined {
  const timestamp = headers['x-rpa-notify-timestamp'];
  const signature = headers['x-rpa-notify-signature'];
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return 'missing or malformed X-RPA-Notify-Timestamp';
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return 'stale timestamp';
  if (typeof signature !== 'string') return 'missing X-RPA-Notify-Signature';
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'signature mismatch';
}
