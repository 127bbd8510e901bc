import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { type Click, parseActionRequest } from './action-payload';
import { verifySlackSignature } from './verify-signature';

/** Slack's payloads are a few KB; anything this large is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

export type RequestOutcome = 'accepted' | 'replayed' | 'unverified' | 'tooLarge' | 'badRequest' | 'unavailable';

export interface EndpointDeps {
  signingSecret: string;
  /** Queues the click; the work happens in a job, so Slack gets its answer well within 3 seconds. */
  enqueue(click: Click): Promise<void>;
  /** False when this exact body was accepted before (a replay, or Slack retrying a click it got no answer for). */
  firstTime(bodyHash: string): Promise<boolean>;
  /** Undoes firstTime when the click could not be queued, so Slack's retry of it is taken. */
  forget(bodyHash: string): Promise<void>;
  logger: Logger;
  now: () => number;
  onRequest?: (outcome: RequestOutcome) => void;
}

/**
 * POST /slack/actions. The raw body is read first (the signature covers its exact bytes) and capped;
 * a request that is not signed by Slack within the last 5 minutes gets 401 and changes nothing.
 */
export function createSlackActionsEndpoint(deps: EndpointDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const answer = (res: http.ServerResponse, status: number, outcome: RequestOutcome, text = '') => {
    deps.onRequest?.(outcome);
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(status === 413 ? { connection: 'close' } : {}) });
    res.end(text ? `${text}\n` : '');
  };
  return (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      return answer(res, 413, 'tooLarge', 'request body too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('error', () => undefined);
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        answer(res, 413, 'tooLarge', 'request body too large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      void accept(Buffer.concat(chunks), req, res);
    });
  };

  async function accept(rawBody: Buffer, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    // Only Slack's signed POSTs act: any other method is as unverified as a bad signature.
    if (req.method !== 'POST') return answer(res, 401, 'unverified', 'unverified');
    const check = verifySlackSignature({ signingSecret: deps.signingSecret, timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature'), rawBody, now: deps.now() });
    if (!check.ok) {
      deps.logger.warn({ reason: check.reason }, `refused a request to /slack/actions: signature ${check.reason}`);
      return answer(res, 401, 'unverified', 'unverified');
    }
    const parsed = parseActionRequest(rawBody, header('content-type'));
    if (!parsed.ok) {
      deps.logger.warn(`refused a signed request to /slack/actions: ${parsed.problem}`);
      return answer(res, 400, 'badRequest', parsed.problem);
    }
    const hash = createHash('sha256').update(rawBody).digest('hex');
    try {
      // Each click's body is unique (its action_ts and trigger_id): the same bytes again are the same click.
      if (!(await deps.firstTime(hash))) {
        deps.logger.info('dropped a repeated request to /slack/actions (a replay or a retry of a click already taken)');
        return answer(res, 200, 'replayed');
      }
      await deps.enqueue(parsed.click);
    } catch (error) {
      deps.logger.error(`could not queue a Slack click: ${error instanceof Error ? error.message : String(error)}`);
      await deps.forget(hash).catch(() => undefined);
      return answer(res, 503, 'unavailable', 'try again');
    }
    answer(res, 200, 'accepted');
  }
}
