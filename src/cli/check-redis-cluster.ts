import type { RedisNode } from '../config/env-fields';
import type { CheckLine } from '../notify/channel-kind';
import { createRedis } from '../queues/queue-connection';
import { slotCount } from '../state/cluster-nodes';
import { evictionWarning, readEvictionPolicy } from '../state/eviction-policy';
import { probeCluster } from '../state/probe-cluster';

/** `check` on REDIS_CLUSTER_NODES: that it is a cluster, its masters, where this deployment's keys live, and that the bot's own client reaches them. */
export async function checkRedisCluster(nodes: RedisNode[], keyPrefix: string, versionProblem: (version: string) => string | undefined): Promise<CheckLine> {
  const probe = await probeCluster(nodes, keyPrefix);
  if (!probe.ok) return { ok: false, text: `✗ Redis Cluster: ${probe.problem}` };
  const tooOld = versionProblem(probe.version);
  if (tooOld) return { ok: false, text: `✗ Redis Cluster: ${tooOld}` };
  const masters = probe.nodes.filter((n) => n.master && slotCount(n) > 0);
  const described = `${masters.length} master${masters.length === 1 ? '' : 's'} (${masters.map((m) => `${m.address}${m.failing ? ' failing' : ''}`).join(', ')})`;
  if (probe.state !== 'ok') return { ok: false, text: `✗ Redis Cluster ${probe.version}: cluster_state is ${probe.state}, ${described}: the cluster refuses commands until every slot is served` };
  const redis = createRedis({ cluster: nodes }, { forQueues: false, connectTimeoutMs: 3000 });
  redis.on('error', () => undefined);
  try {
    // A command on the deployment's own slot: the bot's cluster client finds the master that serves it.
    await redis.exists(`${keyPrefix}:baseline`);
    const policies = await Promise.all(redis.nodes('master').map((node) => readEvictionPolicy(node)));
    const policy = policies.find((p) => evictionWarning(p) !== null) ?? policies[0] ?? null;
    const warnings = [evictionWarning(policy), ...probe.unreachable.map((n) => `listed node ${n} does not answer`)].filter((w) => w !== null);
    return {
      ok: true,
      text: `✓ Redis Cluster ${probe.version}, cluster_state ok, ${described}; keys ${keyPrefix}:* in slot ${probe.slot} on ${probe.owner ?? '?'}; maxmemory-policy ${policy ?? 'unknown'}${warnings.length > 0 ? ` (warning: ${warnings.join('; ')})` : ''}`,
    };
  } catch (error) {
    return { ok: false, text: `✗ Redis Cluster: ${error instanceof Error ? error.message : String(error)} (check REDIS_CLUSTER_NODES)` };
  } finally {
    redis.disconnect();
  }
}
