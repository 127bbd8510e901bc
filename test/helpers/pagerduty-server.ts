import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as PagerDuty accepted it (202), routing key included: tests check it arrived and that it is the right one. */
export interface PagerDutyReceived {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key?: string;
  payload?: { summary: string; source: string; severity: string; timestamp?: string; custom_details?: Record<string, unknown> };
}

export type PagerDutyReply = { status: number; body?: unknown; headers?: Record<string, string> };

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];

/**
 * A local stand-in for events.pagerduty.com/v2/enqueue: validates each event the way PagerDuty's
 * Events API v2 does (400 "invalid event" with an errors list), records what it accepts (202), and
 * answers scripted 429/5xx when told to.
 */
export class FakePagerDutyServer {
  /** Accepted events, in arrival order. */
  readonly events: PagerDutyReceived[] = [];
  /** Every request body, accepted or not. */
  readonly bodies: string[] = [];
  readonly replies: PagerDutyReply[] = [];
  /**
   * When set, only these routing keys belong to an integration. PagerDuty does not document its answer to a
   * well-formed key of no integration; this stand-in refuses it as an invalid event, the strictest reading.
   */
  knownKeys: string[] | undefined;
  private holds: { match: (event: Partial<PagerDutyReceived>) => boolean; arrived: () => void; released: Promise<void> }[] = [];
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => void this.hold(body).then(() => this.answer(req, res, body)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v2/enqueue`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next requests are answered this way, before any validation. */
  replyNext(...replies: PagerDutyReply[]): void {
    this.replies.push(...replies);
  }

  /**
   * Holds the next request whose event matches until `release()`: a slow answer, so that a later event
   * can overtake it. `arrived` resolves once that request is being held.
   */
  holdNext(match: (event: Partial<PagerDutyReceived>) => boolean): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match, arrived, released });
    return { arrived: arrivedPromise, release };
  }

  private async hold(body: string): Promise<void> {
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof event !== 'object' || event === null) return;
    const index = this.holds.findIndex((h) => h.match(event as Partial<PagerDutyReceived>));
    if (index < 0) return;
    const [held] = this.holds.splice(index, 1);
    held!.arrived();
    await held!.released;
  }

  /** Resolves once `count` events in all were accepted. */
  waitForEvents(count: number): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.bodies.push(body);
    const send = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    };
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') return send(404, { status: 'not found' });
    const scripted = this.replies.shift();
    if (scripted) return send(scripted.status, scripted.body ?? '', scripted.headers);
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      return send(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid JSON'] });
    }
    const errors = validate(event);
    const key = (event as { routing_key?: unknown } | null)?.routing_key;
    if (errors.length === 0 && this.knownKeys && !this.knownKeys.includes(String(key))) errors.push('Invalid routing key');
    if (errors.length > 0) return send(400, { status: 'invalid event', message: 'Event object is invalid', errors });
    const accepted = event as PagerDutyReceived;
    this.events.push(accepted);
    send(202, { status: 'success', message: 'Event processed', dedup_key: accepted.dedup_key ?? 'generated-by-pagerduty' });
    for (const waiter of this.waiters.filter((w) => this.events.length >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.events.length < w.count);
  }
}

/** PagerDuty's own rules for an event (developer.pagerduty.com, "Send an Alert Event"). */
function validate(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['Event object is invalid'];
  const event = value as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof event.routing_key !== 'string') errors.push("'routing_key' is missing or blank");
  else if (event.routing_key.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!ACTIONS.includes(String(event.event_action))) errors.push("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
  if (event.dedup_key !== undefined && (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255)) errors.push("'dedup_key' is invalid (up to 255 characters)");
  if (event.event_action !== 'trigger') {
    if (typeof event.dedup_key !== 'string' || event.dedup_key === '') errors.push("'dedup_key' is missing or blank");
    return errors;
  }
  const payload = event.payload as Record<string, unknown> | undefined;
  if (typeof payload !== 'object' || payload === null) return [...errors, "'payload' is missing or blank"];
  if (typeof payload.summary !== 'string' || payload.summary.trim() === '') errors.push("'payload.summary' is missing or blank");
  else if (payload.summary.length > 1024) errors.push("'payload.summary' is too long (maximum is 1024 characters)");
  if (typeof payload.source !== 'string' || payload.source.trim() === '') errors.push("'payload.source' is missing or blank");
  if (!SEVERITIES.includes(String(payload.severity))) errors.push("'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')");
  if (payload.timestamp !== undefined && Number.isNaN(Date.parse(String(payload.timestamp)))) errors.push("'payload.timestamp' is invalid");
  if (payload.custom_details !== undefined && (typeof payload.custom_details !== 'object' || payload.custom_details === null)) errors.push("'payload.custom_details' is invalid");
  return errors;
}
