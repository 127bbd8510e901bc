import { redisVersionProblem } from '../../src/cli/check-command';

describe('the Redis version check', () => {
  it.each([
    ['5.0.14', 'rpa-notify needs Redis 6.2 or newer (this is 5.0.14)'],
    ['6.0.20', 'rpa-notify needs Redis 6.2 or newer (this is 6.0.20)'],
    ['6.2.0', undefined],
    ['7.0.15', undefined],
    ['10.1.0', undefined],
    ['?', undefined],
  ])('%s', (version, problem) => {
    expect(redisVersionProblem(version)).toBe(problem);
  });
});
