import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WecomPost {
  content: string;
  receivedAt: number;
}

/** A scripted answer: an HTTP status and body, or no answer at all. */
export type WecomReply = { status?: number; body: unknown } | 'hang';

const hint = () => `hint: [${Date.now()}${randomBytes(6).toString('hex')}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=`;
/** The answers of qyapi.weixin.qq.com/cgi-bin/webhook/send, as it words them. */
export const WECOM_ANSWERS = {
  ok: () => ({ errcode: 0, errmsg: 'ok' }),
  badKey: () => ({ errcode: 93000, errmsg: `invalid webhook url, ${hint()}93000` }),
  tooFast: () => ({ errcode: 45009, errmsg: `api freq out of limit, ${hint()}45009` }),
  tooLong: () => ({ errcode: 40058, errmsg: `markdown.content exceed max length 4096. invalid Request Parameter, ${hint()}40058` }),
  badType: () => ({ errcode: 40008, errmsg: `invalid message type, ${hint()}40008` }),
  empty: () => ({ errcode: 44004, errmsg: `empty content, ${hint()}44004` }),
  busy: () => ({ errcode: -1, errmsg: 'system error' }),
};

/**
 * A local stand-in for a WeCom group robot: the key in the query must be exactly the robot's (else 93000,
 * as WeCom answers), checked before the message (so `{}` answers 40008); markdown content must be
 * 1..4,096 bytes of UTF-8 (else 44004 / 40058); more than 20 messages in a minute answer 45009.
 * Every answer is HTTP 200 with an errcode, as WeCom does. Scripted replies come first.
 */
export class FakeWecomServer {
  readonly posts: WecomPost[] = [];
  /** Every request body, whatever became of it. */
  readonly bodies: string[] = [];
  readonly replies: WecomReply[] = [];
  /** Answers given, errcode or HTTP status, in order. */
  readonly answers: number[] = [];
  perMinute = 20;
  private readonly accepted: number[] = [];
  private server: http.Server | undefined;
  private port = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(readonly key: string = `${randomBytes(4).toString('hex')}-7a3c-4bc4-97a0-${randomBytes(6).toString('hex')}`) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => this.answer(req, res, body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this.urlWithKey(this.key);
  }

  /** The robot's URL with another key (a wrong one, for tests). */
  urlWithKey(key: string): string {
    return `http://127.0.0.1:${this.port}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` messages were accepted in all. */
  waitForPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.bodies.push(body);
    const reply = this.replies.shift();
    if (reply === 'hang') return;
    const reply200 = (payload: unknown) => this.reply(res, 200, payload);
    if (reply) return this.reply(res, reply.status ?? 200, reply.body);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/cgi-bin/webhook/send') return this.reply(res, 404, { errcode: 404, errmsg: 'not found' });
    if (url.searchParams.get('key') !== this.key) return reply200(WECOM_ANSWERS.badKey());
    const now = Date.now();
    while (this.accepted.length > 0 && this.accepted[0]! <= now - 60_000) this.accepted.shift();
    if (this.accepted.length >= this.perMinute) return reply200(WECOM_ANSWERS.tooFast());
    let message: { msgtype?: unknown; markdown?: { content?: unknown } };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return reply200(WECOM_ANSWERS.badType());
    }
    if (message?.msgtype !== 'markdown') return reply200(WECOM_ANSWERS.badType());
    const content = message.markdown?.content;
    if (typeof content !== 'string' || content === '') return reply200(WECOM_ANSWERS.empty());
    if (Buffer.byteLength(content, 'utf8') > 4096) return reply200(WECOM_ANSWERS.tooLong());
    this.accepted.push(now);
    this.posts.push({ content, receivedAt: now });
    for (const waiter of this.waiters.filter((w) => this.posts.length >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.posts.length < w.count);
    reply200(WECOM_ANSWERS.ok());
  }

  private reply(res: http.ServerResponse, status: number, payload: unknown): void {
    this.answers.push(typeof payload === 'object' && payload !== null && 'errcode' in payload && status === 200 ? Number((payload as { errcode: unknown }).errcode) : status);
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/html' : 'application/json; charset=UTF-8' });
    res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }
}
