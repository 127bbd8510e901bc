import { loadConfig } from '../../src/config/config';
import { describeRedisTarget, redisTargetOf } from '../../src/queues/queue-connection';
import { ownerOfSlot, parseClusterNodes, slotCount } from '../../src/state/cluster-nodes';

const load = (env: Record<string, string>) => loadConfig({ IFLYRPA_API_KEY: 'k-cluster', ...env });

describe('REDIS_CLUSTER_NODES', () => {
  it.each([
    ['one node', '10.0.0.1:7000', [{ host: '10.0.0.1', port: 7000 }]],
    ['several, with spaces and a trailing comma', ' redis-a:7000, redis-b.internal:7001 ,', [{ host: 'redis-a', port: 7000 }, { host: 'redis-b.internal', port: 7001 }]],
    ['an IPv6 host in brackets', '[::1]:7000', [{ host: '::1', port: 7000 }]],
  ])('%s', (_, value, nodes) => {
    const result = load({ REDIS_CLUSTER_NODES: value, KEY_PREFIX: 'team-a' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.redisCluster).toEqual(nodes);
    expect(result.config.keyPrefix).toBe('{team-a}');
    expect(redisTargetOf(result.config)).toEqual({ cluster: nodes });
  });

  it.each([
    ['no port', '10.0.0.1'],
    ['a URL', 'redis://10.0.0.1:7000'],
    ['port 0', '10.0.0.1:0'],
    ['port too high', '10.0.0.1:70000'],
    ['only commas', ', ,'],
    ['one good, one bad', '10.0.0.1:7000,10.0.0.2'],
  ])('refuses %s', (_, value) => {
    const result = load({ REDIS_CLUSTER_NODES: value });
    expect(result).toEqual({ ok: false, problems: ['REDIS_CLUSTER_NODES must be a comma-separated list of cluster nodes like 10.0.0.1:7000,10.0.0.2:7000 (host:port each)'] });
  });

  it('excludes REDIS_URL (an empty REDIS_URL counts as unset)', () => {
    const both = load({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '10.0.0.1:7000' });
    expect(both).toEqual({ ok: false, problems: ['REDIS_URL and REDIS_CLUSTER_NODES exclude each other: set REDIS_URL for one Redis, or REDIS_CLUSTER_NODES for a Redis Cluster'] });
    expect(load({ REDIS_URL: '', REDIS_CLUSTER_NODES: '10.0.0.1:7000' }).ok).toBe(true);
  });

  it('leaves a single Redis exactly as before: the bare KEY_PREFIX, REDIS_URL', () => {
    const result = load({ REDIS_URL: 'redis://:pw-secret@redis:6379', KEY_PREFIX: 'team-a' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.keyPrefix).toBe('team-a');
    expect(result.config.redisCluster).toBeUndefined();
    expect(redisTargetOf(result.config)).toBe('redis://:pw-secret@redis:6379');
    expect(describeRedisTarget(redisTargetOf(result.config))).toBe('redis://redis:6379');
  });
});

describe('parseClusterNodes', () => {
  // As Redis 7 prints it: a master with two ranges, one being migrated ([…] is left out), a failing master, a replica.
  const text = [
    'a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 6000 [5461->-b2]',
    'b2 127.0.0.1:7001@17001,host-b master,fail? - 0 0 2 connected 5461-5999 6001-10922',
    'c3 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383',
    'd4 127.0.0.1:7003@17003 slave a1 0 0 1 connected',
    '',
  ].join('\n');

  it('reads addresses, roles, failing flags and slot ranges', () => {
    const nodes = parseClusterNodes(text);
    expect(nodes.map((n) => [n.address, n.master, n.failing, slotCount(n)])).toEqual([
      ['127.0.0.1:7000', true, false, 5462],
      ['127.0.0.1:7001', true, true, 5461],
      ['127.0.0.1:7002', true, false, 5461],
      ['127.0.0.1:7003', false, false, 0],
    ]);
  });

  it.each([
    [0, '127.0.0.1:7000'],
    [6000, '127.0.0.1:7000'],
    [5999, '127.0.0.1:7001'],
    [16383, '127.0.0.1:7002'],
  ])('slot %d is served by %s', (slot, address) => {
    expect(ownerOfSlot(parseClusterNodes(text), slot)?.address).toBe(address);
  });
});
