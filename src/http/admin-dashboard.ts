import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Queue } from 'bullmq';
import type express from 'express';

export const ADMIN_BASE_PATH = '/admin/queues';

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The bull-board queue dashboard, behind HTTP basic auth; only built when ADMIN_USER/ADMIN_PASSWORD are set. */
export function createAdminDashboard(queues: Queue[], credentials: { user: string; password: string }): RequestHandler {
  // Loaded here, not at the top: bull-board and express weigh several MB of RSS that a bot without ADMIN_USER never needs.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createBullBoard } = require('@bull-board/api') as typeof import('@bull-board/api');
  const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter') as typeof import('@bull-board/api/bullMQAdapter');
  const { ExpressAdapter } = require('@bull-board/express') as typeof import('@bull-board/express');
  const express = require('express') as typeof import('express');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_BASE_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(ADMIN_BASE_PATH, (req, res, next) => {
    if (isAuthorized(req.headers.authorization, credentials)) return next();
    res.set('WWW-Authenticate', 'Basic realm="rpa-notify", charset="UTF-8"').status(401).send('authentication required\n');
  });
  app.use(ADMIN_BASE_PATH, serverAdapter.getRouter() as express.Router);
  return app as unknown as RequestHandler;
}

function isAuthorized(header: string | undefined, credentials: { user: string; password: string }): boolean {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const expected = `${credentials.user}:${credentials.password}`;
  const a = Buffer.from(decoded);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
