import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  token: string | undefined;
  channel: string;
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
  /** The ts this stand-in gave the message (unique, like Slack's). */
  ts?: string;
  /** Set on a reply in a thread: the root's ts. */
  threadTs?: string;
  /** A thread reply also shown in the channel. */
  replyBroadcast?: boolean;
}

/** One chat.update Slack accepted, in arrival order. */
export interface SlackUpdate {
  ts: string;
  text: string;
  blocks: SlackPost['blocks'];
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
  /** Every chat.update accepted, in arrival order. */
  readonly updates: SlackUpdate[] = [];
  /** The messages as Slack shows them now, by ts: posts, then their edits; deleted ones are gone. */
  readonly messages = new Map<string, SlackPost>();
  private seq = 0;
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

  /** Deletes a message as a person in Slack would: edits of it then get message_not_found, replies thread_not_found. */
  deleteMessage(ts: string): void {
    this.messages.delete(ts);
  }

  /** Resolves once `count` messages have been posted in all. */
  waitForPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** What Slack answers a request no script answers: a unique ts per message; an edit of, or a reply to, a message it does not have is refused as Slack refuses it. */
  defaultAnswer(method: string, form: URLSearchParams): unknown {
    const channel = form.get('channel') ?? 'C123';
    if (method === 'chat.update') {
      const ts = form.get('ts') ?? '';
      return this.messages.has(ts) ? { ok: true, channel, ts, text: form.get('text') ?? '' } : { ok: false, error: 'message_not_found' };
    }
    if (method === 'chat.postMessage') {
      const threadTs = form.get('thread_ts');
      if (threadTs && !this.messages.has(threadTs)) return { ok: false, error: 'thread_not_found' };
      // Slack's ts: seconds, then a per-channel sequence: unique even for posts in the same millisecond.
      return { ok: true, channel, ts: `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}` };
    }
    return { ok: true, channel: 'C123', ts: `${Date.now() / 1000}` };
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.received++;
    const method = (req.url ?? '').replace(/^.*\//, '').replace(/\?.*$/, '');
    const scripted = this.repliesByMethod.get(method)?.shift() ?? this.replies.shift();
    const reply = scripted ?? {};
    const form = new URLSearchParams(body);
    const payload = reply === 'hang' ? undefined : (reply.body ?? this.defaultAnswer(method, form));
    const status = reply === 'hang' ? 0 : (reply.status ?? 200);
    const record: SlackRequest = { method, receivedAt: Date.now(), status, ok: (payload as { ok?: boolean } | undefined)?.ok === true, scripted: scripted !== undefined };
    this.requests.push(record);
    if (reply === 'hang') return;
    if (status === 200 && record.ok && method === 'chat.update') {
      const update: SlackUpdate = { ts: form.get('ts') ?? '', text: form.get('text') ?? '', blocks: JSON.parse(form.get('blocks') ?? '[]') };
      this.updates.push(update);
      const message = this.messages.get(update.ts);
      if (message) this.messages.set(update.ts, { ...message, text: update.text, blocks: update.blocks });
    }
    if (status === 200 && record.ok && method === 'chat.postMessage') {
      const threadTs = form.get('thread_ts') ?? undefined;
      const post: SlackPost = {
        token: req.headers.authorization?.replace(/^Bearer /, ''),
        channel: form.get('channel') ?? '',
        text: form.get('text') ?? '',
        blocks: JSON.parse(form.get('blocks') ?? '[]'),
        ts: (payload as { ts?: string }).ts,
        ...(threadTs ? { threadTs, replyBroadcast: form.get('reply_broadcast') === 'true' } : {}),
      };
      this.posts.push(post);
      if (post.ts) this.messages.set(post.ts, post);
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
