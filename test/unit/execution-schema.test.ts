import { parseExecutions } from '../../src/iflyrpa/execution-schema';

const offsets = { start: '+08:00', end: '+00:00' };
const good = (over: Record<string, unknown> = {}) => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  project_id: '2008381617971200000',
  status: 'FAILED',
  parameters: {},
  result: null,
  error: 'boom',
  exec_position: 'EXECUTOR',
  version: 2,
  user_id: 'u',
  start_time: '2026-01-07T17:57:56',
  end_time: '2026-01-07T09:58:11',
  ...over,
});

describe('parseExecutions: a bad record is skipped with a clear reason, the rest of the page stands', () => {
  it.each<[string, unknown, RegExp]>([
    ['missing id', { ...good(), id: undefined }, /^id: /],
    ['numeric id', good({ id: 7 }), /^id: /],
    ['empty id', good({ id: ' ' }), /^id: id is empty/],
    ['missing status', good({ status: undefined }), /^status: /],
    ['status of the wrong type', good({ status: 3 }), /^status: /],
    ['missing project_id', good({ project_id: null }), /^project_id: /],
    ['null record', null, /record|expected object/],
    ['a string instead of a record', 'oops', /record|expected object/],
    ['a huge id', good({ id: 'x'.repeat(10_000) }), /^id: id is too long/],
  ])('%s', (_name, bad, reason) => {
    const { executions, problems } = parseExecutions([good({ id: 'keep-1' }), bad, good({ id: 'keep-2' })], offsets);
    expect(executions.map((e) => e.id)).toEqual(['keep-1', 'keep-2']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.index).toBe(1);
    expect(problems[0]!.problem).toMatch(reason);
  });

  it.each<[string, Record<string, unknown>, (e: ReturnType<typeof parseExecutions>['executions'][number]) => void]>([
    ['an unknown status is kept, upper-cased', { status: 'cancelled' }, (e) => expect(e.status).toBe('CANCELLED')],
    ['an invalid date gives no instant but keeps the record', { start_time: '2026-13-45T99:00:00' }, (e) => expect(e.startMs).toBeNull()],
    ['a result that is a plain string stays as it is', { status: 'COMPLETED', result: 'done!' }, (e) => expect(e.result).toBe('done!')],
    ['a result that is a Python dict string is parsed', { status: 'COMPLETED', result: "{'msg': 'ok', 'n': None}" }, (e) => expect(e.result).toEqual({ msg: 'ok', n: null })],
    ['an error that is an object becomes its JSON', { error: { code: 1 } }, (e) => expect(e.error).toBe('{"code":1}')],
    ['a numeric project id becomes a string', { project_id: 42 }, (e) => expect(e.projectId).toBe('42')],
    ['missing optional fields are null', { exec_position: undefined, version: undefined, user_id: undefined, end_time: undefined }, (e) => expect([e.execPosition, e.version, e.userId, e.endTime]).toEqual([null, null, null, null])],
    ['a huge error string is kept whole (messages truncate it)', { error: 'E'.repeat(1_000_000) }, (e) => expect(e.error).toHaveLength(1_000_000)],
  ])('%s', (_name, over, check) => {
    const { executions, problems } = parseExecutions([good(over)], offsets);
    expect(problems).toEqual([]);
    check(executions[0]!);
  });

  it('a duplicate id in one page keeps the first and says so', () => {
    const { executions, problems } = parseExecutions([good({ status: 'FAILED' }), good({ status: 'PENDING' })], offsets);
    expect(executions.map((e) => e.status)).toEqual(['FAILED']);
    expect(problems[0]!.problem).toContain('duplicate id');
  });

  it('an empty page is fine', () => expect(parseExecutions([], offsets)).toEqual({ executions: [], problems: [] }));
});

describe('parseExecutions: a record the bot cannot hold is cut down, kept, and warned about once', () => {
  const deepText = '['.repeat(5000) + ']'.repeat(5000);
  const deepObject = JSON.parse(deepText) as unknown;
  const deepError = JSON.parse(`{"e":${deepText}}`) as unknown;
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['parameters: a string of 5000 nested brackets', { parameters: deepText }, /^parameters: nested deeper than 64 levels/],
    ['result: a string of 5000 nested brackets', { status: 'COMPLETED', result: deepText }, /^result: nested deeper than 64 levels/],
    ['parameters: an object nested 5000 levels in the API JSON', { parameters: deepObject }, /^parameters: nested deeper than 64 levels/],
    ['result: a Python literal just too deep for the parser, valid JSON', { result: '['.repeat(65) + ']'.repeat(65) }, /^result: nested deeper than 64 levels/],
    ['error: an object nested 5000 levels', { error: deepError }, /^error: nested deeper than 64 levels/],
    ['parameters and result both: one warning', { parameters: deepText, result: deepObject }, /^parameters, result: nested deeper than 64 levels/],
    ['an oversized parameters string', { parameters: `{"k": "${'z'.repeat(1_200_000)}"}` }, /^parameters: larger than 1000000 characters/],
  ])('%s', (_name, over, reason) => {
    const { executions, problems } = parseExecutions([good({ id: 'keep-1' }), good({ id: 'cut-1', ...over }), good({ id: 'keep-2' })], offsets);
    expect(executions.map((e) => e.id)).toEqual(['keep-1', 'cut-1', 'keep-2']);
    expect(problems).toEqual([{ index: 1, id: 'cut-1', problem: expect.stringMatching(reason) as unknown, kept: true }]);
    expect(problems[0]!.problem).toContain('the record is kept');
    expect(() => JSON.stringify(executions)).not.toThrow();
    expect(JSON.stringify(executions[1])).toMatch(/… \((nested too deep|larger than|too large)/);
  });

  it('a deep value within the limit is kept whole, without a warning', () => {
    const text = '['.repeat(64) + ']'.repeat(64);
    const { executions, problems } = parseExecutions([good({ parameters: text })], offsets);
    expect(problems).toEqual([]);
    expect(JSON.stringify(executions[0]!.parameters)).toBe(text);
  });
});
