// Benchmark: one page of 100 records through the atomic Lua detection step, against the baseline it
// replaces (a round trip per record: HGET, then HSET). Prints both and the ratio; asserts nothing.
// Needs `npm run build` (npm run bench does it) and a Redis at BENCH_REDIS_URL or 127.0.0.1:6379.
const { randomBytes } = require('node:crypto');
const { Redis } = require('ioredis');
const { StateStore } = require('../dist/state/state-store');
const { deleteKeysWithPrefix } = require('../dist/state/delete-keys');

const PAGES = Number(process.env.BENCH_PAGES ?? 300);
const PAGE_SIZE = 100;

function page(n, status) {
  return Array.from({ length: PAGE_SIZE }, (_, i) => ({
    id: `bench-${n}-${i}`, projectId: '2008381617971200000', status, parameters: {}, result: null, error: status === 'FAILED' ? 'boom' : null,
    execPosition: 'EXECUTOR', version: 2, userId: 'u', startTime: null, endTime: null, startMs: 2_000 + i, endMs: null,
  }));
}

async function timeIt(label, fn) {
  const started = process.hrtime.bigint();
  const heapBefore = process.memoryUsage().heapUsed;
  await fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${((PAGES * 2) / (ms / 1000)).toFixed(0).padStart(7)} pages/s  heap ${heapMb.toFixed(1)} MB`);
  return ms;
}

async function main() {
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `rpa-bench-${randomBytes(4).toString('hex')}`;
  const store = new StateStore(redis, prefix);
  await store.establishBaseline(1_000);
  console.log(`${PAGES} pages of ${PAGE_SIZE} records, each seen PENDING then FAILED`);

  const lua = await timeIt('Lua detectTransitions (1 trip/page)', async () => {
    for (let n = 0; n < PAGES; n++) await store.detectTransitions(page(n, 'PENDING'), { baselinePoll: false, now: 5_000 });
    for (let n = 0; n < PAGES; n++) await store.detectTransitions(page(n, 'FAILED'), { baselinePoll: false, now: 5_000 });
  });

  const naiveKey = `${prefix}:naive`;
  const naive = await timeIt('baseline: HGET+HSET per record', async () => {
    for (const status of ['PENDING', 'FAILED']) {
      for (let n = 0; n < PAGES; n++) {
        for (const e of page(n, status)) {
          const previous = await redis.hget(naiveKey, e.id);
          if (previous !== status) await redis.hset(naiveKey, e.id, status);
        }
      }
    }
  });
  console.log(`Lua is ${(naive / lua).toFixed(1)}x the baseline's throughput (and atomic, which the baseline is not)`);
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
