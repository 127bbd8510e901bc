import { type ChildProcess, spawn } from 'node:child_process';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { PrivateRedisCluster } from '../helpers/private-redis-cluster';
import { REDIS_URL, randomPrefix } from '../helpers/redis';
import { CLI, runCli } from '../helpers/run-cli';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

const KEY = 'sk-cli-cluster-16180';
const SINGLE_REDIS = new URL(REDIS_URL);

describe('rpa-notify on a Redis Cluster', () => {
  it('REDIS_URL and REDIS_CLUSTER_NODES together: exit 2 naming both', async () => {
    const result = await runCli(['run'], { IFLYRPA_API_KEY: KEY, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001', HTTP_PORT: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REDIS_URL and REDIS_CLUSTER_NODES exclude each other');
  });

  it('a node list that reaches a Redis without cluster mode: one clear line, exit 1, for run, check and mutes', async () => {
    const env = { IFLYRPA_API_KEY: KEY, IFLYRPA_BASE_URL: 'http://127.0.0.1:9', REDIS_CLUSTER_NODES: `${SINGLE_REDIS.hostname}:${SINGLE_REDIS.port || 6379}`, HTTP_PORT: '0', KEY_PREFIX: randomPrefix() };
    const problem = `${env.REDIS_CLUSTER_NODES} is a Redis without cluster mode (cluster_enabled:0): REDIS_CLUSTER_NODES must list the nodes of a Redis Cluster; for a single Redis set REDIS_URL instead`;
    const run = await runCli(['run'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(problem);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    const check = await runCli(['check'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`✗ Redis Cluster: ${problem}`);
    const mutes = await runCli(['mutes'], env);
    expect(mutes.code).toBe(1);
    expect(mutes.stderr.trim()).toBe(`rpa-notify mutes: ${problem}`);
  });

  it('a node list none of which answers: run says which and why, exit 1', async () => {
    const run = await runCli(['run'], { IFLYRPA_API_KEY: KEY, REDIS_CLUSTER_NODES: '127.0.0.1:1', HTTP_PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no node of REDIS_CLUSTER_NODES answers: 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)');
  });

  describe('a real three-master cluster', () => {
    const cluster = new PrivateRedisCluster();
    const simulator = new IflyrpaSimulator({ apiKey: KEY });
    const slack = new FakeSlackServer();
    const prefix = randomPrefix();
    const children: ChildProcess[] = [];
    let env: Record<string, string>;

    beforeAll(async () => {
      await cluster.start();
      env = {
        PATH: process.env.PATH ?? '',
        IFLYRPA_API_KEY: KEY,
        IFLYRPA_BASE_URL: await simulator.start(),
        SLACK_BOT_TOKEN: 'xoxb-cli-cluster',
        SLACK_CHANNEL: 'C0CLUSTER',
        SLACK_API_URL: await slack.start(),
        REDIS_CLUSTER_NODES: cluster.nodes,
        KEY_PREFIX: prefix,
        POLL_INTERVAL: '300ms',
        HTTP_PORT: '0',
        LOG_LEVEL: 'info',
        STUCK_AFTER: 'off',
        JOB_LOCK_DURATION: '2s',
      };
    }, 90_000);
    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all([simulator.stop(), slack.stop()]);
      await cluster.destroy();
    });

    it('check says it is a cluster: its masters, its state, and where the keys of this deployment live', async () => {
      const result = await runCli(['check'], env);
      expect(result.stdout).toMatch(new RegExp(`^✓ Redis Cluster \\d\\S*, cluster_state ok, 3 masters \\(127\\.0\\.0\\.1:\\d+, 127\\.0\\.0\\.1:\\d+, 127\\.0\\.0\\.1:\\d+\\); keys \\{${prefix}\\}:\\* in slot \\d+ on 127\\.0\\.0\\.1:\\d+; maxmemory-policy noeviction$`, 'm'));
      expect(result.code).toBe(0);
    });

    const outputs: string[] = [];
    const start = (extra: Record<string, string> = {}) => {
      const i = outputs.push('') - 1;
      const child = spawn(process.execPath, [CLI, 'run'], { env: { ...env, ...extra } });
      child.stdout!.on('data', (chunk) => (outputs[i] += chunk));
      child.stderr!.on('data', (chunk) => (outputs[i] += chunk));
      children.push(child);
      return child;
    };
    const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
    const idsIn = (texts: string[]) => texts.flatMap((t) => t.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);

    it('two run processes deliver each alert exactly once, then stop cleanly on SIGTERM', async () => {
      const runs = Array.from({ length: 10 }, (_, i) => simulator.startExecution({ startedAt: Date.now() - 60_000 + i }));
      const [a, b] = [start(), start()];
      await until(() => outputs.some((o) => o.includes(`"recorded":${runs.length}`)) && outputs.every((o) => o.includes('rpa-notify is running')));
      for (const [i, r] of runs.entries()) {
        if (i % 2 === 0) simulator.fail(r.id, `cluster cli failure ${i}`);
        else simulator.complete(r.id);
      }
      // Flood control is on (the default): a burst goes as grouped messages, which name runs by their short id.
      const named = () => slack.posts.flatMap((p) => runs.filter((r) => slackPostText(p).includes(r.id.slice(0, 8))).map((r) => r.id));
      await until(() => new Set(named()).size === runs.length);
      const requests = simulator.listRequests().length;
      await until(() => simulator.listRequests().length >= requests + 3); // a few more polls: nothing comes twice
      expect(named().sort()).toEqual(runs.map((r) => r.id).sort());

      const exits = [a, b].map(exited);
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual([0, 0]);
      expect(outputs.join('\n')).not.toMatch(/CROSSSLOT|"level":50/);
      expect(outputs[0]).toContain(`"owner":"127.0.0.1:`);
    }, 90_000);

    it('one of two processes dies (SIGKILL) as a burst is detected: the other delivers every alert', async () => {
      // One alert per message, so that a repeat is seen per execution (grouping is covered by flood-control.test.ts).
      const [a, b] = [start({ FLOOD_CONTROL: 'off' }), start({ FLOOD_CONTROL: 'off' })];
      await until(() => outputs.slice(-2).every((o) => o.includes('rpa-notify is running')));
      const runs = Array.from({ length: 20 }, () => simulator.startExecution({ startedAt: Date.now() - 1000 }));
      let requests = simulator.listRequests().length;
      await until(() => simulator.listRequests().length >= requests + 2); // two polls: the runs are tracked as PENDING
      const postsBefore = slack.posts.length;
      for (const r of runs) simulator.fail(r.id, `burst on the cluster ${r.id}`);
      requests = simulator.listRequests().length;
      await until(() => simulator.listRequests().length > requests); // the poll that sees the burst
      a.kill('SIGKILL');
      await exited(a);

      const posts = () => slack.posts.slice(postsBefore).map((p) => new Set(idsIn([slackPostText(p)])));
      await until(() => runs.every((r) => posts().some((ids) => ids.has(r.id))));
      // A kill can repeat at most the sends it interrupted (WORKER_CONCURRENCY of them).
      const repeated = posts().filter((ids, i) => [...ids].some((id) => posts().slice(0, i).some((earlier) => earlier.has(id))));
      expect(repeated.length).toBeLessThanOrEqual(4);
      b.kill('SIGTERM');
      expect(await exited(b)).toBe(0);
    }, 90_000);
  });
});
