import type { Config } from '../config/config';
import type { AccountConfig } from '../config/config-file-schema';
import { accountScopes, type AccountScope } from '../domain/account-scope';
import { createIflyrpaClient } from '../iflyrpa/iflyrpa-client';
import type { ChannelSpec } from '../notify/build-channels';
import type { CheckLine } from '../notify/channel-kind';
import { channelKind, channelKinds } from '../notify/channel-registry';
import { createRedis } from '../queues/queue-connection';
import { evictionWarning, readEvictionPolicy } from '../state/eviction-policy';
import { checkRedisCluster } from './check-redis-cluster';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';

/** `check`: reach Redis, the API and every channel (the environment's and the file's) once and say, one line each, whether it works and what to fix. */
export async function checkCommand(config: Config, write: (line: string) => void, channels: readonly ChannelSpec[] = [], accounts?: AccountConfig[]): Promise<number> {
  const lines: CheckLine[] = [await checkRedis(config)];
  for (const scope of accountScopes(config.keyPrefix, config.api, accounts)) lines.push(await checkApi(config, scope));
  for (const kind of channelKinds) {
    const options = kind.fromEnv(config);
    if (options === undefined) lines.push({ ok: true, text: `- ${kind.displayName}: not configured (${kind.envVariables.join(', ')})` });
    else lines.push(await kind.check(kind.name, options, config));
  }
  for (const spec of channels) {
    const kind = channelKind(spec.type);
    if (kind) lines.push(await kind.check(spec.name, spec.options, config));
  }
  for (const line of lines) write(line.text);
  return lines.every((l) => l.ok) ? EXIT_OK : EXIT_RUNTIME_FAILURE;
}

/** The bot uses GETDEL, new in 6.2; an unreadable version is given the benefit of the doubt. */
export function redisVersionProblem(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 6 || (major === 6 && minor < 2) ? `rpa-notify needs Redis 6.2 or newer (this is ${version})` : undefined;
}

async function checkRedis(config: Config): Promise<CheckLine> {
  if (config.redisCluster) return checkRedisCluster(config.redisCluster, config.keyPrefix, redisVersionProblem);
  const redis = createRedis(config.redisUrl, { forQueues: false, connectTimeoutMs: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const tooOld = redisVersionProblem(version);
    if (tooOld) return { ok: false, text: `✗ Redis: ${tooOld}` };
    const policy = await readEvictionPolicy(redis);
    const warning = evictionWarning(policy);
    return { ok: true, text: `✓ Redis ${version}, maxmemory-policy ${policy ?? 'unknown'}${warning ? ` (warning: ${warning})` : ''}` };
  } catch (error) {
    return { ok: false, text: `✗ Redis: ${error instanceof Error ? error.message : String(error)} (is it running at REDIS_URL?)` };
  } finally {
    redis.disconnect();
  }
}

async function checkApi(config: Config, scope: AccountScope): Promise<CheckLine> {
  const client = createIflyrpaClient({ ...config.api, key: scope.apiKey, baseUrl: scope.baseUrl });
  const which = scope.name ? ` (account ${scope.name})` : '';
  try {
    const page = await client.listExecutions(1, 1);
    return { ok: true, text: `✓ iFlyRPA${which}: key accepted, ${page.total} executions` };
  } catch (error) {
    return { ok: false, text: `✗ iFlyRPA${which}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
