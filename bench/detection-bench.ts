import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Execution } from '../src/domain/execution';
import { lightenPage, type PageItem, type RecordedState } from '../src/domain/page-payload';
import { deleteKeysWithPrefix } from '../src/state/delete-keys';
import { StateStore } from '../src/state/state-store';
import { type Row, formatBytes, formatRate, inPool, usedMemory } from './bench-util';

const PAGE = 100;
/** How many runs of history the state holds while it is measured (the issue measured after 20,000). */
const TRACKED = 20_000;
/** Pages in flight at once, as WORKER_CONCURRENCY's default lets page workers do. */
const IN_FLIGHT = 4;

/** iFlyRPA's ids are 19-digit numbers (snowflakes), as in its docs' video paths; the state is measured with those. */
const idOf = (n: number): string => String(2008840517644636160n + BigInt(n));

function record(n: number, status: string, startMs: number): Execution {
  return {
    id: idOf(n), projectId: '2008381617971200000', status,
    parameters: { city: '合肥', retries: 3, account: 'rpa-bot-07' },
    result: status === 'COMPLETED' ? { code: '0000', msg: '运行成功', data: { right: 71 }, video_path: `D:\\rpa\\data\\logs\\2008381617971200000\\${idOf(n)}.mp4` } : null,
    error: status === 'FAILED' ? "ElementNotFound: 找不到元素 \"登录按钮\" (timeout 30s)" : null,
    execPosition: 'EXECUTOR', version: 2, userId: '5df30eb2-4737-4515-bb3f-d11236086e7',
    startTime: '2026-11-29 10:00:00', endTime: status === 'PENDING' ? null : '2026-11-29 02:05:00',
    startMs, endMs: status === 'PENDING' ? null : startMs + 300_000,
  };
}

const pageOf = (first: number, status: string): Execution[] => Array.from({ length: PAGE }, (_, i) => record(first + i, status, 1_700_000_000_000 + first + i));

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** What the state holds: MEMORY USAGE of each state key (exact, key overhead included). */
async function stateBytes(redis: Redis, store: StateStore): Promise<number> {
  const keys = [store.keys.status, store.keys.seen, store.keys.pending, store.keys.timeless];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${store.keys.seenBucketPrefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  let total = 0;
  for (const key of keys) total += Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
  return total;
}

export async function benchDetection(redisUrl: string, privateRedis: boolean): Promise<Row[]> {
  const redis = new Redis(redisUrl);
  const prefix = `rpa-bench-${randomBytes(4).toString('hex')}`;
  const store = new StateStore(redis, prefix);
  const rows: Row[] = [];
  try {
    await store.establishBaseline(1_000);
    const before = await usedMemory(redis);
    for (let p = 0; p < TRACKED / PAGE; p++) {
      const page = pageOf(p * PAGE, p % 2 ? 'FAILED' : 'COMPLETED');
      await store.detectPage(page.map((e) => [e.id, e.status, e.startMs, e.endMs] as PageItem), [], { baselinePoll: true, now: 5_000 });
    }
    const perRun = (await stateBytes(redis, store)) / TRACKED;
    const infoPerRun = ((await usedMemory(redis)) - before) / TRACKED;
    // The layout before (a status hash and a seen zset), written the same way beside it, is the naive figure.
    const naiveStatus = `${prefix}:naive:status`;
    const naiveSeen = `${prefix}:naive:seen`;
    for (let p = 0; p < TRACKED / PAGE; p++) {
      const page = pageOf(p * PAGE, 'FAILED');
      await redis.multi().hset(naiveStatus, Object.fromEntries(page.map((e) => [e.id, e.status]))).zadd(naiveSeen, ...page.flatMap((e) => [e.startMs!, e.id])).exec();
    }
    const naivePerRun = (Number(await redis.call('MEMORY', 'USAGE', naiveStatus, 'SAMPLES', '0')) + Number(await redis.call('MEMORY', 'USAGE', naiveSeen, 'SAMPLES', '0'))) / TRACKED;
    rows.push({
      figure: `Redis bytes per tracked execution (state, ${TRACKED.toLocaleString('en')} runs)`,
      measured: `${perRun.toFixed(0)} B (INFO delta ${infoPerRun.toFixed(0)} B${privateRedis ? '' : ', shared Redis: noisy'})`,
      goal: '≤ 110 B',
      naive: `${naivePerRun.toFixed(0)} B (status hash + seen zset)`,
    });

    // Unchanged pages: every run known and ended. The poller reads the state once per page (it does for
    // paging anyway) and queues nothing; the detection script's own speed is shown for a queued page.
    const pages = Array.from({ length: TRACKED / PAGE }, (_, p) => pageOf(p * PAGE, p % 2 ? 'FAILED' : 'COMPLETED'));
    const rounds = 8;
    let queued = 0;
    const unchangedS = await timed(() => inPool(rounds * pages.length, IN_FLIGHT, async (i) => {
      const page = pages[i % pages.length]!;
      const recorded = await store.recordedStatuses(page.map((e) => e.id));
      if (lightenPage(page, recorded, false).items.length > 0) queued++;
    }));
    if (queued > 0) throw new Error(`${queued} unchanged pages would have been queued`);
    const items = pages.map((page) => page.map((e) => [e.id, e.status, e.startMs, e.endMs] as PageItem));
    const scriptS = await timed(() => inPool(items.length, IN_FLIGHT, async (i) => void (await store.detectPage(items[i]!, [], { baselinePoll: false, now: 6_000 }))));
    const naiveCount = 10_000;
    const naiveS = await timed(async () => {
      for (let i = 0; i < naiveCount; i++) await redis.hget(naiveStatus, idOf(i));
    });
    const naive = `${formatRate(naiveCount / naiveS, 'records/s')} (a round trip per record)`;
    rows.push({ figure: `Detection, unchanged pages of ${PAGE} (read by the poller, nothing queued; ${IN_FLIGHT} at once)`, measured: formatRate((rounds * TRACKED) / unchangedS, 'records/s'), goal: '≥ 500,000 records/s', naive });
    rows.push({ figure: `Detection script alone, a queued page of ${PAGE} known runs`, measured: formatRate(TRACKED / scriptS, 'records/s'), goal: '—', naive });
    const onePending = new Map<string, RecordedState>(pages[0]!.map((e, i) => [e.id, i === 0 ? 'PENDING' : 'ENDED']));
    const oneEnded = JSON.stringify(lightenPage(pages[0]!, onePending, false)).length;
    const full = JSON.stringify({ executions: pages[0] }).length;
    rows.push({ figure: `Page job data: unchanged page of ${PAGE} / one run ended`, measured: `no job / ${formatBytes(oneEnded)}`, goal: '—', naive: `${formatBytes(full)} / ${formatBytes(full)} (every record in full)` });

    // Pages full of transitions: 5,000 runs tracked PENDING, then all FAILED, each carrying its record.
    const base = 1_000_000;
    const burst = 5_000;
    for (let p = 0; p < burst / PAGE; p++) {
      const page = pageOf(base + p * PAGE, 'PENDING');
      await store.detectPage(page.map((e) => [e.id, e.status, e.startMs, e.endMs] as PageItem), [], { baselinePoll: false, now: 6_000 });
    }
    const ended = Array.from({ length: burst / PAGE }, (_, p) => pageOf(base + p * PAGE, 'FAILED'));
    const pendingKnown = new Map(ended.flat().map((e) => [e.id, 'PENDING' as const]));
    const endedJobs = ended.map((page) => lightenPage(page, pendingKnown, false));
    let transitions = 0;
    const transitionsS = await timed(() => inPool(endedJobs.length, IN_FLIGHT, async (i) => {
      // Read after the await: `transitions += await …` would add to a stale total.
      const found = (await store.detectPage(endedJobs[i]!.items, endedJobs[i]!.records, { baselinePoll: false, now: 7_000 })).transitions.length;
      transitions += found;
    }));
    if (transitions !== burst) throw new Error(`expected ${burst} transitions, got ${transitions}`);
    await redis.del(store.keys.outbox);
    const naiveOutbox = `${prefix}:naive:outbox`;
    const naiveBurst = 2_000;
    const naiveTransitionsS = await timed(async () => {
      for (const e of ended.flat().slice(0, naiveBurst)) {
        const previous = await redis.hget(naiveStatus, e.id);
        if (previous !== e.status) {
          await redis.hset(naiveStatus, e.id, e.status);
          await redis.hset(naiveOutbox, `${e.id}|${e.status}`, JSON.stringify({ kind: 'pendingEnded', detectedAt: 7_000, execution: e }));
        }
      }
    });
    rows.push({
      figure: `Detection, pages full of transitions (${burst.toLocaleString('en')} runs)`,
      measured: formatRate(burst / transitionsS, 'records/s'),
      goal: '—',
      naive: `${formatRate(naiveBurst / naiveTransitionsS, 'records/s')} (3 round trips per record)`,
    });
    return rows;
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
