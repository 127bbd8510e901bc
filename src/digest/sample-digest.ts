import type { Transition } from '../domain/transition';

const WORKFLOWS = ['2008381617971200000', '2008381617971200417', '2011402277384100352', '2011402277384100999'];
const ERRORS = [
  "'str' object has no attribute 'get'",
  'ElementNotFound: 找不到元素 "登录按钮" (timeout 30s)',
  'TimeoutError: 网页加载超时 https://erp.example.com/orders',
];

/** A believable hour of transitions (deterministic), for the digest preview and its browser test. */
export function sampleDigestTransitions(periodStart: number, periodEnd: number): Transition[] {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const out: Transition[] = [];
  for (let i = 0; i < 40; i++) {
    const projectId = WORKFLOWS[Math.floor(random() * (i < 30 ? 3 : 4))]!;
    const failed = random() < (projectId === WORKFLOWS[1] ? 0.5 : 0.12);
    const endMs = periodStart + Math.floor(((i + random()) / 40) * (periodEnd - periodStart));
    const startMs = endMs - 5_000 - Math.floor(random() * 120_000);
    const id = `${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}-198d-440a-bef6-${i.toString().padStart(12, '0')}`;
    out.push({
      kind: 'pendingEnded',
      detectedAt: endMs + 2_000,
      execution: {
        id,
        projectId,
        status: failed ? 'FAILED' : 'COMPLETED',
        parameters: {},
        result: failed ? null : { code: '0000', msg: '运行成功', data: { right: Math.floor(random() * 100) }, video_path: `D:\\rpa\\data\\logs\\${projectId}\\${id.slice(0, 8)}.mp4` },
        error: failed ? ERRORS[Math.floor(random() * ERRORS.length)]! : null,
        execPosition: 'EXECUTOR',
        version: 2,
        userId: '5df30eb2-4737-4515-bb3f-d11236086e7',
        startTime: null,
        endTime: null,
        startMs,
        endMs,
      },
    });
  }
  return out;
}
