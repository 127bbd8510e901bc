import type { Transition } from './transition';

/** The API documentation's two sample runs, as `test-notify` sends them. */
export function sampleTransitions(now: number): Transition[] {
  const base = {
    projectId: '2008381617971200000',
    parameters: {},
    execPosition: 'EXECUTOR',
    version: 2,
    userId: '5df30eb2-4737-4515-bb3f-d11236086e7',
  };
  return [
    {
      kind: 'pendingEnded',
      detectedAt: now,
      execution: {
        ...base,
        id: '49b9771c-975e-40e5-b517-64bc24a2feef',
        status: 'FAILED',
        result: null,
        error: "'str' object has no attribute 'get'",
        startTime: '2026-01-06T14:16:11',
        endTime: '2026-01-06T06:16:25',
        startMs: Date.UTC(2026, 0, 6, 6, 16, 11),
        endMs: Date.UTC(2026, 0, 6, 6, 16, 25),
      },
    },
    {
      kind: 'pendingEnded',
      detectedAt: now,
      execution: {
        ...base,
        id: '6cef46ae-198d-440a-bef6-816bbefd3adf',
        status: 'COMPLETED',
        result: { code: '0000', msg: '运行成功', data: { right: 71 }, video_path: 'D:\\rpa\\data\\logs\\2008381617971200000\\2008840517644636160.mp4' },
        error: null,
        startTime: '2026-01-07T17:57:56',
        endTime: '2026-01-07T09:58:11',
        startMs: Date.UTC(2026, 0, 7, 9, 57, 56),
        endMs: Date.UTC(2026, 0, 7, 9, 58, 11),
      },
    },
  ];
}
