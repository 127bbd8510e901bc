import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What DingTalk answers, word for word (HTTP 200 for all of them). */
export const DINGTALK_ANSWERS = {
  ok: { errcode: 0, errmsg: 'ok' },
  badToken: { errcode: 300001, errmsg: 'token is not exist' },
  signMismatch: { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  staleTimestamp: { errcode: 310000, errmsg: 'invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  keywordMissing: { errcode: 310000, errmsg: 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  tooFast: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
  notJson: { errcode: 40035, errmsg: '缺少参数 json' },
  badType: { errcode: 400105, errmsg: '不支持的消息类型' },
  busy: { errcode: -1, errmsg: '系统繁忙' },
} as const;

export interface DingTalkMessageBody {
  msgtype: string;
  markdown?: { title: string; text: string };
  at?: { atMobiles?: string[]; isAtAll?: boolean };
}

/** A message the robot took, with the query it came with (access_token, timestamp, sign as decoded). */
export interface DingTalkPost {
  message: DingTalkMessageBody;
  query: Record<string, string>;
  receivedAt: number;
}

/** Scripted: an errcode answer (HTTP 200), any HTTP answer, or no answer at all. */
export type DingTalkReply = { status?: number; body: unknown; headers?: Record<string, string> } | 'hang';

const HOUR = 3_600_000;

/**
 * A local stand-in for oapi.dingtalk.com/robot/send: checks the access_token, then (with a secret) the
 * timestamp (within an hour) and the sign exactly as DingTalk does, then the message; answers DingTalk's
 * own errcodes with HTTP 200, and at most `perMinute` messages a minute (then 130101).
 */
export class FakeDingTalkServer {
  readonly posts: DingTalkPost[] = [];
  /** Every answer given, in order: errcode (or HTTP status when not 200). */
  readonly answers: { errcode: number | null; status: number }[] = [];
  readonly replies: DingTalkReply[] = [];
  perMinute = 20;
  private server: http.Server | undefined;
  private waiters: { match: () => boolean; resolve: () => void }[] = [];

  constructor(
    readonly accessToken: string,
    /** The robot's 加签 secret; undefined for a robot with keyword or IP security. */
    readonly secret?: string,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => this.answer(req, res, body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.urlWith(this.accessToken);
  }

  /** The webhook URL of a robot with this token, on this server. */
  urlWith(accessToken: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/robot/send?access_token=${encodeURIComponent(accessToken)}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` messages were taken in all. */
  waitForPosts(count: number): Promise<void> {
    return this.waitFor(() => this.posts.length >= count);
  }

  /** Resolves once `count` answers carried `errcode`. */
  waitForErrcode(errcode: number, count = 1): Promise<void> {
    return this.waitFor(() => this.answers.filter((a) => a.errcode === errcode).length >= count);
  }

  private waitFor(match: () => boolean): Promise<void> {
    if (match()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const reply = this.replies.shift();
    if (reply === 'hang') return;
    const wrongPath = url.pathname !== '/robot/send';
    const { status, payload, headers } = reply
      ? { status: reply.status ?? 200, payload: reply.body, headers: reply.headers }
      : wrongPath
        ? { status: 404, payload: '<html>404 Not Found</html>', headers: { 'content-type': 'text/html' } }
        : { status: 200, payload: this.judge(url, body), headers: undefined };
    const errcode = typeof (payload as { errcode?: unknown })?.errcode === 'number' ? (payload as { errcode: number }).errcode : null;
    this.answers.push({ errcode, status });
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    for (const waiter of this.waiters.filter((w) => w.match())) waiter.resolve();
    this.waiters = this.waiters.filter((w) => !w.match());
  }

  /** DingTalk's order: token, signature, rate, then the message itself. */
  private judge(url: URL, body: string): unknown {
    if (url.searchParams.get('access_token') !== this.accessToken) return DINGTALK_ANSWERS.badToken;
    if (this.secret !== undefined) {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const sign = url.searchParams.get('sign') ?? '';
      if (!/^\d+$/.test(timestamp) || Math.abs(this.now() - Number(timestamp)) > HOUR) return sign ? DINGTALK_ANSWERS.staleTimestamp : DINGTALK_ANSWERS.signMismatch;
      const expected = createHmac('sha256', this.secret).update(`${timestamp}\n${this.secret}`).digest('base64');
      if (sign !== expected) return DINGTALK_ANSWERS.signMismatch;
    }
    const minuteAgo = this.now() - 60_000;
    if (this.posts.filter((p) => p.receivedAt > minuteAgo).length >= this.perMinute) return DINGTALK_ANSWERS.tooFast;
    let message: DingTalkMessageBody;
    try {
      message = JSON.parse(body) as DingTalkMessageBody;
    } catch {
      return DINGTALK_ANSWERS.notJson;
    }
    if (message.msgtype !== 'markdown' && message.msgtype !== 'text') return DINGTALK_ANSWERS.badType;
    if (message.msgtype === 'markdown' && (!message.markdown?.title || !message.markdown?.text)) return { errcode: 40035, errmsg: '缺少参数 markdown' };
    this.posts.push({ message, query: Object.fromEntries(url.searchParams), receivedAt: this.now() });
    return DINGTALK_ANSWERS.ok;
  }
}
