import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../../src/demo/private-redis';
import { PrivateRedisServer } from './private-redis-server';

const run = promisify(execFile);

/** A port whose cluster bus port (port + 10000, Redis's rule before 7.0's cluster-port) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await canListen(port + 10_000))) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A Redis Cluster of the test's own: three masters, no replicas, each in its own temp dir with its nodes.conf
 * and an append-only file (fsync always), so a master killed and started again comes back with its slots and data.
 */
export class PrivateRedisCluster {
  readonly servers = Array.from({ length: 3 }, () => new PrivateRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']));

  /** REDIS_CLUSTER_NODES for this cluster. */
  get nodes(): string {
    return this.servers.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  async start(): Promise<void> {
    for (const server of this.servers) server.port = await freePortPair();
    await Promise.all(this.servers.map((s) => s.start()));
    await run('redis-cli', ['--cluster', 'create', ...this.servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    await this.waitUntilServing();
  }

  /** The server whose master serves the keys under `{tag}`. */
  async ownerOf(tag: string): Promise<PrivateRedisServer> {
    const redis = new Redis(this.servers[0]!.url);
    try {
      const slot = Number(await redis.cluster('KEYSLOT', `{${tag}}`));
      const ranges = await redis.cluster('SLOTS');
      const owner = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
      const server = this.servers.find((s) => s.port === owner);
      if (!server) throw new Error(`no master serves slot ${slot}`);
      return server;
    } finally {
      redis.disconnect();
    }
  }

  /** Kills a master (SIGKILL) and starts it again on its port with its files; resolves once the cluster serves every slot again. */
  async restart(server: PrivateRedisServer, downMs = 0): Promise<void> {
    await server.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs)); // the outage itself is the scenario
    await server.start();
    await this.waitUntilServing();
  }

  /** Every node says cluster_state:ok (the test's own timeout bounds the wait). */
  async waitUntilServing(): Promise<void> {
    for (const server of this.servers) {
      const redis = new Redis(server.url, { maxRetriesPerRequest: null });
      try {
        while (!/cluster_state:ok/.test(String(await redis.cluster('INFO')))) await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        redis.disconnect();
      }
    }
  }

  async destroy(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.destroy()));
  }
}
