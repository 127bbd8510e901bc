import type { IflyrpaSimulator } from '../iflyrpa/simulator';

const WORKFLOWS = ['2008381617971200000', '2008381617971200417', '2011402277384100352'];
const ERRORS = [
  "'str' object has no attribute 'get'",
  'ElementNotFound: 找不到元素 "登录按钮" (timeout 30s)',
  'TimeoutError: 网页加载超时 https://erp.example.com/orders',
  'ExcelError: 文件被占用 D:\\reports\\日报.xlsx',
];
const RESULTS = [
  { code: '0000', msg: '运行成功', data: { right: 71 } },
  { code: '0000', msg: '运行成功', data: { invoices: 12, total: '48,310.00' } },
  { code: '0000', msg: '运行成功', data: { rows_exported: 384 } },
];

const pick = <T>(items: T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** History for the demo's baseline: runs that ended before the bot started (never alerted). */
export function seedHistory(simulator: IflyrpaSimulator, count: number, now: number, random = Math.random): void {
  for (let i = count; i > 0; i--) {
    const startedAt = now - i * 7 * 60_000;
    const record = simulator.startExecution({ projectId: pick(WORKFLOWS, random), startedAt, parameters: { inputer: '查一下' } });
    if (random() < 0.8) simulator.complete(record.id, resultFor(record.id, random), startedAt + 20_000 + Math.floor(random() * 60_000));
    else simulator.fail(record.id, pick(ERRORS, random), startedAt + 5_000 + Math.floor(random() * 20_000));
  }
}

/** Runs in flight when the bot starts: they end at the first step, so the first alerts come within seconds. */
export function seedRunning(simulator: IflyrpaSimulator, count: number, now: number, random = Math.random): void {
  for (let i = 0; i < count; i++) simulator.startExecution({ projectId: pick(WORKFLOWS, random), startedAt: now - MAX_RUN_MS - (count - i) * 1000 });
}

const MAX_RUN_MS = 8_000;

/** One step of a busy account: a new run starts, and some running ones end (all within 8s), mostly well. */
export function stepDemoFeed(simulator: IflyrpaSimulator, now: number, random = Math.random): void {
  for (const record of simulator.executions.filter((r) => r.status === 'PENDING')) {
    const startedAt = Date.parse(`${record.start_time}+08:00`);
    if (random() < 0.45 || now - startedAt >= MAX_RUN_MS) {
      if (random() < 0.7) simulator.complete(record.id, resultFor(record.id, random), now);
      else simulator.fail(record.id, pick(ERRORS, random), now);
    }
  }
  const record = simulator.startExecution({ projectId: pick(WORKFLOWS, random), parameters: random() < 0.5 ? {} : "{'inputer': '查一下', 'retry': True, 'limit': None}" });
  // Now and then a run so short it starts and ends between two polls.
  if (random() < 0.2) simulator.fail(record.id, pick(ERRORS, random), now + 3_000);
}

function resultFor(id: string, random: () => number) {
  return { ...pick(RESULTS, random), video_path: `D:\\rpa\\data\\logs\\2008381617971200000\\${id.slice(0, 8)}.mp4` };
}
