import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_BASE_PATH, createAdminDashboard } from './admin-dashboard';
import type { StatusSource } from './status-source';

/** Where Slack posts button clicks (the app's Interactivity Request URL). */
export const SLACK_ACTIONS_PATH = '/slack/actions';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * /healthz (alive), /readyz (Redis answers and a poll succeeded within 3 intervals), /metrics (Prometheus),
 * the queue dashboard at /admin/queues when admin credentials are configured, and POST /slack/actions when Slack actions are on.
 */
export async function startHttpServer(
  bot: StatusSource,
  options: { host: string; port: number; pollIntervalMs: number; admin?: { user: string; password: string }; slackActions?: (req: http.IncomingMessage, res: http.ServerResponse) => void },
): Promise<HttpServer> {
  const dashboard = options.admin ? createAdminDashboard(bot.allQueues(), options.admin) : undefined;
  const server = http.createServer((req, res) => {
    if (dashboard && (req.url ?? '').startsWith(ADMIN_BASE_PATH)) return dashboard(req, res);
    // Its own handler reads the raw body: the signature covers the exact bytes Slack sent.
    if (options.slackActions && (req.url ?? '').split('?')[0] === SLACK_ACTIONS_PATH) return options.slackActions(req, res);
    void route(req.url ?? '/').then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`error: ${error instanceof Error ? error.message : 'unknown'}\n`);
      },
    );
  });

  async function route(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/healthz') return { status: 200, type: 'text/plain', body: 'ok\n' };
    if (path === '/readyz') {
      const readiness = await bot.readiness(options.pollIntervalMs * 3);
      return { status: readiness.ready ? 200 : 503, type: 'application/json', body: `${JSON.stringify(readiness)}\n` };
    }
    if (path === '/metrics') {
      const { contentType, body } = await bot.metricsText();
      return { status: 200, type: contentType, body };
    }
    return { status: 404, type: 'text/plain', body: 'not found\n' };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
