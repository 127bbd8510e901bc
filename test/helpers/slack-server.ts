import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  token: string | undefined;
  channel: string;
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
}

export type SlackReply = { status?: number; body?: unknown; headers?: Record<string, string> } | 'hang';

/** One request to the stand-in, in arrival order, with when it came and how (and when) it was answered. */
export interface SlackRequest {
  /** The Web API method, e.g. chat.postMessage or auth.test. */
  method: string;
  receivedAt: number;
  /** Unset while unanswered (delayed, hanging, or the client went away). */
  answeredAt?: number;
  status: number;
  ok: boolean;
  /** Answered by a scripted reply rather than the default success. */
  scripted: boolean;
}

/** A local stand-in for slack.com/api: records each chat.postMessage and answers as scripted (ok by default). */
export class FakeSlackServer {
  readonly posts: SlackPost[] = [];
  /** Every request received, answered or not. */
  received = 0;
  /** Every request, in arrival order, with its times: for assertions on order and timing. */
  readonly requests: SlackRequest[] = [];
  /** Scripted answers for the next requests, whatever their method (see replyTo to aim at one method). */
  readonly replies: SlackReply[] = [];
  private readonly repliesByMethod = new Map<string, SlackReply[]>();
  /** Answer this late (after recording the post): widens the window between a send and its "sent" record. */
  delayMs = 0;
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];
  private requestWaiters: { match: (r: SlackRequest) => boolean; resolve: (r: SlackRequest) => void }[] = [];

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('error', () => undefined); // a client killed mid-request
      res.on('error', () => undefined);
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => this.answer(req, res, body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Scripts the next answers to `method` only (e.g. chat.postMessage): no other request can take them. */
  replyTo(method: string, ...replies: SlackReply[]): void {
    this.repliesByMethod.set(method, [...(this.repliesByMethod.get(method) ?? []), ...replies]);
  }

  /** Resolves with the first request that matches once answered (e.g. the 429 a post got), past or future. */
  waitForAnswer(match: (request: SlackRequest) => boolean): Promise<SlackRequest> {
    const found = this.requests.find((r) => r.answeredAt !== undefined && match(r));
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.requestWaiters.push({ match, resolve }));
  }

  /** Resolves once `count` messages have been posted in all. */
  waitForPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.received++;
    const method = (req.url ?? '').replace(/^.*\//, '').replace(/\?.*$/, '');
    const scripted = this.repliesByMethod.get(method)?.shift() ?? this.replies.shift();
    const reply = scripted ?? {};
    const payload = reply === 'hang' ? undefined : (reply.body ?? { ok: true, channel: 'C123', ts: `${Date.now() / 1000}` });
    const status = reply === 'hang' ? 0 : (reply.status ?? 200);
    const record: SlackRequest = { method, receivedAt: Date.now(), status, ok: (payload as { ok?: boolean } | undefined)?.ok === true, scripted: scripted !== undefined };
    this.requests.push(record);
    if (reply === 'hang') return;
    if (status === 200 && record.ok && method === 'chat.postMessage') {
      const form = new URLSearchParams(body);
      this.posts.push({
        token: req.headers.authorization?.replace(/^Bearer /, ''),
        channel: form.get('channel') ?? '',
        text: form.get('text') ?? '',
        blocks: JSON.parse(form.get('blocks') ?? '[]'),
      });
      for (const waiter of this.waiters.filter((w) => this.posts.length >= w.count)) waiter.resolve();
      this.waiters = this.waiters.filter((w) => this.posts.length < w.count);
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(payload));
      record.answeredAt = Date.now();
      for (const waiter of this.requestWaiters.filter((w) => w.match(record))) waiter.resolve(record);
      this.requestWaiters = this.requestWaiters.filter((w) => !w.match(record));
    };
    if (this.delayMs > 0) setTimeout(send, this.delayMs);
    else send();
  }
}

/** All the text a Slack message shows, blocks included, for content assertions. */
export function slackPostText(post: SlackPost): string {
  const parts = [post.text];
  for (const block of post.blocks) {
    if (block.text) parts.push(block.text.text);
    for (const field of block.fields ?? []) parts.push(field.text);
    for (const element of block.elements ?? []) parts.push(element.text);
  }
  return parts.join('\n');
}
