import { QueueKeys } from 'bullmq';
import { loadConfig } from '../../src/config/config';
import { digestKeyPrefix } from '../../src/digest/channel-digests';
import { notifyQueueName, PAGE_QUEUE } from '../../src/queues/queue-names';
import { stateKeys } from '../../src/state/keys';

/** Redis Cluster's rule: the part between the first `{` and the first `}` after it, when not empty, decides the slot. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('on a cluster every key of a deployment hashes by {KEY_PREFIX}', () => {
  const loaded = loadConfig({ IFLYRPA_API_KEY: 'k', REDIS_CLUSTER_NODES: '10.0.0.1:7000', KEY_PREFIX: 'team-a' });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const prefix = loaded.config.keyPrefix;
  // Values from outside (channel names, ids, fingerprints) may hold braces of their own: they come after the tag.
  const odd = 'x{y}z';
  const keys = (p: string): string[] =>
    Object.values(stateKeys(p)).map((key) => (typeof key === 'string' ? key : (key as (...args: string[]) => string)(odd, odd, odd)));

  it.each([
    ['state keys', keys(prefix)],
    ['a config-file channel\'s digest keys', keys(digestKeyPrefix(prefix, odd))],
    ['BullMQ keys of the page queue', Object.values(new QueueKeys(prefix).getKeys(PAGE_QUEUE))],
    ['BullMQ keys of a channel\'s queue', Object.values(new QueueKeys(prefix).getKeys(notifyQueueName(odd)))],
  ])('%s', (_, all) => {
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((key) => hashTag(key) !== 'team-a')).toEqual([]);
  });

  it('a single Redis keeps the keys it always had', () => {
    const single = loadConfig({ IFLYRPA_API_KEY: 'k', KEY_PREFIX: 'team-a' });
    if (!single.ok) throw new Error(single.problems.join('\n'));
    expect(stateKeys(single.config.keyPrefix).status).toBe('team-a:exec:status');
  });
});
