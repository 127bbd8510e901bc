import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  token: string | undefined;
  channel: string;
  /** The message's ts as answered (unique per message, like Slack's). */
  ts?: string;
  /** Set on a reply: the thread it went to. */
  threadTs?: string;
  /** A thread reply also shown in the channel. */
  replyBroadcast?: boolean;
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

/** One edit (chat.update) of a message the stand-in holds. */
export interface SlackUpdate {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackPost['blocks'];
}

/** One POST to a response_url (what a click's clicker alone sees when ephemeral). */
export interface SlackResponse {
  url: string;
  body: { text?: string; response_type?: string; replace_original?: boolean };
}

/** Slack lets a response_url be used five times (within 30 minutes). */
const RESPONSE_URL_USES = 5;

/**
 * A local stand-in for slack.com/api: records each chat.postMessage (and chat.update / chat.postEphemeral of
 * the messages it holds, as Slack does: `message_not_found` otherwise) and answers as scripted (ok by
 * default). It also serves response_urls for click payloads.
 */
export class FakeSlackServer {
  readonly posts: SlackPost[] = [];
  /** Every chat.update accepted, in arrival order. */
  readonly updates: SlackUpdate[] = [];
  /** The messages as Slack shows them now, by ts: posts, then their edits; deleted ones are gone. */
  readonly messages = new Map<string, SlackPost>();
  readonly ephemerals: { channel: string; user: string; text: string }[] = [];
  readonly responses: SlackResponse[] = [];
  private readonly responseUrls = new Map<string, number>();
  private tsSeq = 0;
  private waitersFor: { match: () => boolean; resolve: () => void }[] = [];
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
      req.on('end', () => ((req.url ?? '').startsWith('/actions/') ? this.answerResponseUrl(req, res, body) : this.answer(req, res, body)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Deletes a message as a person in Slack would: edits of it then get message_not_found, replies thread_not_found. */
  deleteMessage(ts: string): void {
    this.messages.delete(ts);
  }

  /** A fresh response_url for a click payload, served by this stand-in. */
  responseUrl(): string {
    const id = `T0RPA/${++this.tsSeq}/${Math.random().toString(36).slice(2, 10)}`;
    this.responseUrls.set(id, 0);
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/actions/${id}`;
  }

  /** Resolves once `condition` holds (checked after each request the stand-in answers); rejects after `timeoutMs` naming `what`. */
  waitFor(condition: () => boolean, what = 'a Slack request', timeoutMs = 20_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waitersFor = this.waitersFor.filter((w) => w.match !== condition);
        reject(new Error(`Slack stand-in: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waitersFor.push({
        match: condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** The message as it stands now: as posted, with its latest edit applied. */
  message(ts: string): { channel: string; text: string; blocks: SlackPost['blocks'] } | undefined {
    const post = this.posts.find((p) => p.ts === ts);
    const update = [...this.updates].reverse().find((u) => u.ts === ts);
    return update ?? post;
  }

  private answerResponseUrl(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const id = (req.url ?? '').slice('/actions/'.length);
    const used = this.responseUrls.get(id);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      this.wake();
    };
    if (req.method !== 'POST') return reply(405, { ok: false, error: 'method_not_allowed' });
    if (used === undefined) return reply(404, { ok: false, error: 'expired_url' });
    if (used >= RESPONSE_URL_USES) return reply(404, { ok: false, error: 'used_url' });
    let parsed: SlackResponse['body'];
    try {
      parsed = JSON.parse(body) as SlackResponse['body'];
    } catch {
      return reply(400, { ok: false, error: 'invalid_payload' });
    }
    this.responseUrls.set(id, used + 1);
    this.responses.push({ url: `/actions/${id}`, body: parsed });
    reply(200, { ok: true });
  }

  private wake(): void {
    for (const waiter of this.waitersFor.filter((w) => w.match())) waiter.resolve();
    this.waitersFor = this.waitersFor.filter((w) => !w.match());
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

  /** What Slack answers a request no script answers: a unique ts per message; an edit of, or a reply to, a message it does not hold (never posted, or deleted) is refused as Slack refuses it. */
  defaultAnswer(method: string, form: URLSearchParams): unknown {
    const channel = form.get('channel') ?? 'C123';
    if (method === 'chat.postMessage') {
      const threadTs = form.get('thread_ts');
      if (threadTs && !this.messages.has(threadTs)) return { ok: false, error: 'thread_not_found' };
      return { ok: true, channel, ts: nextTs(++this.tsSeq) };
    }
    if (method === 'chat.update') {
      const ts = form.get('ts') ?? '';
      if (this.messages.get(ts)?.channel !== channel) return { ok: false, error: 'message_not_found' };
      return { ok: true, channel, ts, text: form.get('text') ?? '' };
    }
    if (method === 'chat.postEphemeral') return { ok: true, message_ts: nextTs(++this.tsSeq) };
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
      const update: SlackUpdate = { channel: form.get('channel') ?? '', ts: form.get('ts') ?? '', text: form.get('text') ?? '', blocks: JSON.parse(form.get('blocks') ?? '[]') };
      this.updates.push(update);
      const message = this.messages.get(update.ts);
      if (message) this.messages.set(update.ts, { ...message, text: update.text, blocks: update.blocks });
    }
    if (status === 200 && record.ok && method === 'chat.postEphemeral') {
      this.ephemerals.push({ channel: form.get('channel') ?? '', user: form.get('user') ?? '', text: form.get('text') ?? '' });
    }
    if (status === 200 && record.ok && method === 'chat.postMessage') {
      const threadTs = form.get('thread_ts');
      const post: SlackPost = {
        token: req.headers.authorization?.replace(/^Bearer /, ''),
        channel: form.get('channel') ?? '',
        ts: typeof (payload as { ts?: unknown }).ts === 'string' ? (payload as { ts: string }).ts : undefined,
        ...(threadTs ? { threadTs, replyBroadcast: form.get('reply_broadcast') === 'true' } : {}),
        text: form.get('text') ?? '',
        blocks: JSON.parse(form.get('blocks') ?? '[]'),
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
      this.wake();
    };
    if (this.delayMs > 0) setTimeout(send, this.delayMs);
    else send();
  }
}

/** A unique ts per message, like Slack's (seconds, a dot, six digits). */
function nextTs(seq: number): string {
  return `${Math.floor(Date.now() / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
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
