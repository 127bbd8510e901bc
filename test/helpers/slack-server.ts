import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  token: string | undefined;
  channel: string;
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
}

export type SlackReply = { status?: number; body?: unknown; headers?: Record<string, string> } | 'hang';

/** A local stand-in for slack.com/api: records each chat.postMessage and answers as scripted (ok by default). */
export class FakeSlackServer {
  readonly posts: SlackPost[] = [];
  /** Every request received, answered or not. */
  received = 0;
  readonly replies: SlackReply[] = [];
  /** Answer this late (after recording the post): widens the window between a send and its "sent" record. */
  delayMs = 0;
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

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

  /** Resolves once `count` messages have been posted in all. */
  waitForPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.received++;
    const reply = this.replies.shift() ?? {};
    if (reply === 'hang') return;
    const status = reply.status ?? 200;
    const payload = reply.body ?? { ok: true, channel: 'C123', ts: `${Date.now() / 1000}` };
    if (status === 200 && (payload as { ok?: boolean }).ok && req.url?.endsWith('/chat.postMessage')) {
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
