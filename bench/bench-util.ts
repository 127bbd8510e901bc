import type { Redis } from 'ioredis';

/** One line of the table: the figure, this run's value, the goal, and the naive way measured in the same run. */
export interface Row {
  figure: string;
  measured: string;
  goal: string;
  naive: string;
}

export const formatRate = (perSecond: number, unit: string): string => `${Math.round(perSecond).toLocaleString('en')} ${unit}`;

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (Math.abs(bytes) >= 1e4) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${Math.round(bytes)} B`;
}

/** Runs `count` tasks, at most `size` at once. */
export async function inPool(count: number, size: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(size, count) }, lane));
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Waits for `done`, checking every `everyMs`; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`bench: gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A Markdown table, so the README can show it as printed. */
export function table(rows: readonly Row[]): string {
  const header: Row = { figure: 'Figure', measured: 'This run', goal: 'Goal', naive: 'Naive way, same run' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((r) => r[key].length));
  const line = (r: Row) => `| ${(['figure', 'measured', 'goal', 'naive'] as const).map((k) => r[k].padEnd(width(k))).join(' | ')} |`;
  const rule = `|${(['figure', 'measured', 'goal', 'naive'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
