import { Redis } from 'ioredis';
import { nodeName, type RedisNode } from '../config/env-fields';
import { type ClusterNodeInfo, ownerOfSlot, parseClusterNodes } from './cluster-nodes';

export type ClusterProbe =
  | { ok: true; version: string; state: string; nodes: ClusterNodeInfo[]; unreachable: string[]; slot: number; owner: string | undefined }
  | { ok: false; problem: string };

/**
 * Asks each listed node, on a plain connection, whether it is a cluster node. The cluster client would only
 * retry "Failed to refresh slots cache" forever against a Redis without cluster mode, so that case gets its
 * own plain answer here. One unreachable node is fine while another answers: the cluster tells where the rest are.
 */
export async function probeCluster(nodes: RedisNode[], keyPrefix: string, timeoutMs = 3000): Promise<ClusterProbe> {
  const unreachable: string[] = [];
  let found: { client: Redis; version: string } | undefined;
  for (const node of nodes) {
    const client = new Redis({ host: node.host, port: node.port, lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // connect() itself only says "Connection is closed."; the socket's error says why (ECONNREFUSED, ETIMEDOUT, …).
    let socketError: Error | undefined;
    client.on('error', (error: Error) => (socketError ??= error));
    try {
      await client.connect();
      const info = await client.info();
      if (!/^cluster_enabled:1/m.test(info)) {
        client.disconnect();
        found?.client.disconnect();
        return { ok: false, problem: `${nodeName(node)} is a Redis without cluster mode (cluster_enabled:0): REDIS_CLUSTER_NODES must list the nodes of a Redis Cluster; for a single Redis set REDIS_URL instead` };
      }
      if (found) client.disconnect();
      else found = { client, version: /^redis_version:(\S+)/m.exec(info)?.[1] ?? '?' };
    } catch (error) {
      client.disconnect();
      const reason = socketError ?? error;
      unreachable.push(`${nodeName(node)} (${reason instanceof Error ? reason.message : String(reason)})`);
    }
  }
  if (!found) return { ok: false, problem: `no node of REDIS_CLUSTER_NODES answers: ${unreachable.join('; ')}` };
  try {
    const [clusterInfo, nodesText, slot] = await Promise.all([found.client.cluster('INFO'), found.client.cluster('NODES'), found.client.cluster('KEYSLOT', `${keyPrefix}:x`)]);
    const parsed = parseClusterNodes(String(nodesText));
    return {
      ok: true,
      version: found.version,
      state: /^cluster_state:(\S+)/m.exec(String(clusterInfo))?.[1] ?? '?',
      nodes: parsed,
      unreachable,
      slot: Number(slot),
      owner: ownerOfSlot(parsed, Number(slot))?.address,
    };
  } catch (error) {
    return { ok: false, problem: `the Redis Cluster did not describe itself: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    found.client.disconnect();
  }
}
