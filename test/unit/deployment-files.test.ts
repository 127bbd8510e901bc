import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config/config';

const root = path.join(__dirname, '..', '..');
const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: string[];
}

describe('docker-compose.yml (no engine here: checked as a file)', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

  it('runs Redis with AOF and noeviction, the bot, and a mail catcher with a web UI', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['mailpit', 'redis', 'rpa-notify']);
    expect(compose.services.redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(compose.services.mailpit!.ports).toContain('127.0.0.1:8025:8025');
    expect(compose.services['rpa-notify']!.build).toBe('.');
    expect(compose.services['rpa-notify']!.depends_on).toEqual(expect.arrayContaining(['redis', 'mailpit']));
    expect(compose.services['rpa-notify']!.ports).toContain('127.0.0.1:8080:8080');
  });

  // /metrics, /readyz, the dashboard and the mail catcher speak plain HTTP: reachable from this machine only.
  it('publishes every port on 127.0.0.1 only, and leaves the queue dashboard off', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    expect(published.filter((port) => !port.startsWith('127.0.0.1:'))).toEqual([]);
    const environment = compose.services['rpa-notify']!.environment ?? {};
    expect(Object.keys(environment).filter((name) => name.startsWith('ADMIN_'))).toEqual([]);
  });

  it('gives the bot only variables the configuration knows', () => {
    const names = Object.keys(compose.services['rpa-notify']!.environment ?? {});
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !CONFIG_VARIABLES.includes(n))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('is multi-stage, production dependencies only, non-root, with a health check on /healthz', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
  });

  it('sets only variables the configuration knows', () => {
    const names = [...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap((m) => [...m[1]!.matchAll(/([A-Z_]+)=/g)].map((n) => n[1]!)).filter((n) => n !== 'NODE_ENV' && n !== 'NODE_OPTIONS'); // Node's own, not the bot's
    expect(names.filter((n) => !CONFIG_VARIABLES.includes(n))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('lists every variable, and nothing else', () => {
    const names = [...read('.env.example').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect([...names].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
