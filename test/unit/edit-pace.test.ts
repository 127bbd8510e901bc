import { awaitToken } from '../../src/oncall/edit-pace';

/** A fake clock and a bucket answering a scripted wait per try (0: a token). */
function scripted(answers: number[]) {
  let clock = 0;
  const tries: number[] = [];
  return {
    tries,
    deps: {
      take: async () => {
        tries.push(clock);
        return answers.shift() ?? 0;
      },
      now: () => clock,
      sleep: async (ms: number) => void (clock += ms),
      maxWaitMs: 2000,
    },
  };
}

describe('awaitToken: a root edit waits a bounded while for a token of its channel', () => {
  it.each([
    { what: 'a token at once', answers: [0], got: true, tries: 1 },
    { what: 'a token after one wait', answers: [700, 0], got: true, tries: 2 },
    { what: 'a token after two waits within the bound', answers: [900, 900, 0], got: true, tries: 3 },
    { what: 'the next token past the bound: deferred at once, no sleep', answers: [2500], got: false, tries: 1 },
    { what: 'tokens taken by others until the bound', answers: [1000, 1200, 0], got: false, tries: 2 },
  ])('$what', async ({ answers, got, tries }) => {
    const s = scripted([...answers]);
    await expect(awaitToken(s.deps)).resolves.toBe(got);
    expect(s.tries).toHaveLength(tries);
    // Never tries past the bound (plus the jitter, under 100 ms).
    for (const at of s.tries) expect(at).toBeLessThan(2000 + 100);
  });
});
