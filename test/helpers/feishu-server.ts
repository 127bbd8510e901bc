import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Feishu's own answers, as its custom-bot webhook gives them. */
export const FEISHU_ANSWERS = {
  ok: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' },
  badToken: { code: 19001, data: {}, msg: 'param invalid: incoming webhook access token invalid' },
  noMsgType: { code: 19002, data: {}, msg: 'params error, msg_type need' },
  badSign: { code: 19021, data: {}, msg: 'sign match fail or timestamp is not within one hour from current time' },
  ipNotAllowed: { code: 19022, data: {}, msg: 'Ip Not Allowed' },
  tooFast: { code: 11232, data: {}, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]' },
  tooLarge: { code: 9499, data: {}, msg: 'Bad Request' },
} as const;

export type FeishuReply = { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> } | 'hang';

/** A message Feishu accepted. */
export interface FeishuPost {
  /** The body as received, the bytes Feishu measures. */
  raw: string;
  body: { msg_type: string; card?: FeishuCard; timestamp?: string; sign?: string };
}

export interface FeishuCard {
  header: { template: string; title: { tag: string; content: string } };
  elements: { tag: string; text?: { tag: string; content: string }; fields?: { text: { tag: string; content: string } }[]; elements?: { content: string }[] }[];
}

/**
 * A local stand-in for a Feishu custom bot (`/open-apis/bot/v2/hook/<token>`). It checks what Feishu checks, in
 * its order: the token, the signature when the bot has signing on (and refuses one when it has not), the 20 KB
 * body, the message type, and the rate (5/s and 100/min); it answers with Feishu's codes. Replies can be scripted.
 */
export class FakeFeishuServer {
  readonly posts: FeishuPost[] = [];
  /** Every answer given, by code, in order (0 for accepted). */
  readonly codes: number[] = [];
  readonly replies: FeishuReply[] = [];
  /** The bot's signing secret; undefined: signing off. */
  secret: string | undefined;
  private readonly accepted: number[] = [];
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    readonly token: string,
    options: { secret?: string; now?: () => number } = {},
  ) {
    this.secret = options.secret;
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** Returns the bot's webhook URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.urlFor(this.token);
  }

  urlFor(token: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/open-apis/bot/v2/hook/${token}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  waitForPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Everything a post shows people: the header title and every lark_md / plain_text content. */
  static textOf(post: FeishuPost): string {
    const card = post.body.card;
    if (!card) return '';
    const parts = [card.header.title.content];
    for (const element of card.elements) {
      if (element.text) parts.push(element.text.content);
      for (const field of element.fields ?? []) parts.push(field.text.content);
      for (const note of element.elements ?? []) parts.push(note.content);
    }
    return parts.join('\n');
  }

  private judge(path: string, raw: Buffer): { status: number; body: unknown } {
    const ok = (body: unknown) => ({ status: 200, body });
    if (path !== `/open-apis/bot/v2/hook/${this.token}`) return ok(FEISHU_ANSWERS.badToken);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return { status: 400, body: FEISHU_ANSWERS.tooLarge };
    }
    if (this.secret === undefined ? body.sign !== undefined : !this.signatureHolds(body.timestamp, body.sign)) return ok(FEISHU_ANSWERS.badSign);
    if (raw.length > 20 * 1024) return { status: 400, body: FEISHU_ANSWERS.tooLarge };
    if (typeof body.msg_type !== 'string') return ok(FEISHU_ANSWERS.noMsgType);
    const now = this.now();
    const inLast = (ms: number) => this.accepted.filter((at) => at > now - ms).length;
    if (inLast(1000) >= 5 || inLast(60_000) >= 100) return ok(FEISHU_ANSWERS.tooFast);
    this.accepted.push(now);
    return ok(FEISHU_ANSWERS.ok);
  }

  /** As Feishu does: HMAC-SHA256 keyed by `timestamp + "\n" + secret` over nothing, base64; the timestamp within an hour. */
  private signatureHolds(timestamp: unknown, sign: unknown): boolean {
    if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp) || typeof sign !== 'string') return false;
    if (Math.abs(this.now() / 1000 - Number(timestamp)) > 3600) return false;
    return createHmac('sha256', `${timestamp}\n${this.secret}`).update('').digest('base64') === sign;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): void {
    const scripted = this.replies.shift();
    if (scripted === 'hang') return;
    const { status, body } = scripted ? { status: scripted.status ?? 200, body: scripted.body } : this.judge(req.method === 'POST' ? (req.url ?? '').replace(/\?.*$/, '') : '', raw);
    const code = (body as { code?: number } | undefined)?.code ?? -1;
    this.codes.push(code);
    if (code === 0) {
      this.posts.push({ raw: raw.toString('utf8'), body: JSON.parse(raw.toString('utf8')) as FeishuPost['body'] });
      for (const waiter of this.waiters.filter((w) => this.posts.length >= w.count)) waiter.resolve();
      this.waiters = this.waiters.filter((w) => this.posts.length < w.count);
    }
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(scripted ? scripted.headers : {}) });
    res.end(scripted?.raw ?? JSON.stringify(body));
  }
}
