import { IflyrpaApiError } from '../../src/iflyrpa/api-error';
import { createIflyrpaClient } from '../../src/iflyrpa/iflyrpa-client';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { rejectionOf } from '../helpers/rejection';

const KEY = 'sk-test-9f8e7d6c5b4a';

describe('iFlyRPA client against the simulator over HTTP', () => {
  let simulator: IflyrpaSimulator;
  let baseUrl: string;
  const client = (over: { apiKey?: string; timeoutMs?: number } = {}) =>
    createIflyrpaClient({ baseUrl, key: over.apiKey ?? KEY, timeoutMs: over.timeoutMs ?? 5_000, startTimeOffset: '+08:00', endTimeOffset: '+00:00' });

  beforeEach(async () => {
    simulator = new IflyrpaSimulator({ apiKey: KEY });
    baseUrl = await simulator.start();
  });
  afterEach(() => simulator.stop());

  it('reads pages newest first with parsed times', async () => {
    const older = simulator.startExecution({ startedAt: Date.UTC(2026, 0, 7, 9, 0, 0) });
    const newer = simulator.startExecution({ startedAt: Date.UTC(2026, 0, 7, 9, 57, 56) });
    simulator.complete(newer.id, undefined, Date.UTC(2026, 0, 7, 9, 58, 11));
    const page = await client().listExecutions(1, 10);
    expect(page.executions.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(page.executions[0]!.endMs! - page.executions[0]!.startMs!).toBe(15_000);
    expect(page).toMatchObject({ total: 2, totalPages: 1, problems: [] });
  });

  it('skips a malformed record with a clear problem and keeps the rest of the page', async () => {
    const good = simulator.startExecution();
    simulator.addRecord({ id: 42, status: 'FAILED' });
    simulator.addRecord({ id: 'no-status', project_id: '1', start_time: '2026-01-07T17:57:56' });
    const page = await client().listExecutions(1, 10);
    expect(page.executions.map((e) => e.id)).toEqual([good.id]);
    expect(page.problems.map((p) => p.problem)).toEqual(expect.arrayContaining([expect.stringMatching(/^id: /), expect.stringMatching(/^status: /)]));
  });

  it('accepts parameters and result sent as Python dict strings', async () => {
    const record = simulator.startExecution({ parameters: "{'inputer': '查一下', 'ok': True, 'x': None}" });
    simulator.update(record.id, { status: 'COMPLETED', result: "{'code': '0000', 'msg': '运行成功'}", end_time: '2026-01-07T09:58:11' });
    const [execution] = (await client().listExecutions(1, 10)).executions;
    expect(execution!.parameters).toEqual({ inputer: '查一下', ok: true, x: null });
    expect(execution!.result).toEqual({ code: '0000', msg: '运行成功' });
  });

  it('looks one execution up by id, and says null for an unknown id', async () => {
    const record = simulator.startExecution();
    expect((await client().getExecution(record.id))?.status).toBe('PENDING');
    expect(await client().getExecution('no-such-id')).toBeNull();
  });

  const failure = (promise: Promise<unknown>) => rejectionOf<IflyrpaApiError>(promise);

  it('a lookup answered without an execution is a bad response, not "no such run" (which would drop a tracked run)', async () => {
    simulator.injectFault({ kind: 'body', body: '{"code":"0000","msg":"","data":"maintenance"}' });
    const error = await failure(client().getExecution('any-id'));
    expect(error.reason).toBe('badResponse');
  });

  it.each<[string, Parameters<IflyrpaSimulator['injectFault']>[0], string, RegExp]>([
    ['HTTP 500', { kind: 'httpStatus', status: 502, body: '<html>bad gateway</html>' }, 'server', /server error \(HTTP 502\)/],
    ['HTTP 429', { kind: 'httpStatus', status: 429, headers: { 'retry-after': '7' } }, 'rateLimited', /rate limiting/],
    ['a non-JSON body', { kind: 'body', body: '<html>maintenance</html>' }, 'badResponse', /not JSON/],
    ['JSON without a code', { kind: 'body', body: '{"hello": 1}' }, 'badResponse', /without a code/],
    ['an API error code', { kind: 'apiCode', code: '5001', msg: '系统繁忙' }, 'apiCode', /code 5001: 系统繁忙/],
    ['a dropped connection', { kind: 'reset' }, 'network', /could not be reached/],
    ['an API message that echoes the key', { kind: 'apiCode', code: '4001', msg: `bad key ${KEY}` }, 'auth', /code 4001: bad key \[redacted\]$/],
  ])('%s becomes one plain typed error', async (_name, fault, reason, message) => {
    simulator.injectFault(fault);
    const error = await failure(client().listExecutions(1, 10));
    expect(error).toBeInstanceOf(IflyrpaApiError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('a rejected key is said plainly (HTTP 401)', async () => {
    const error = await failure(client({ apiKey: 'wrong-key-123' }).listExecutions(1, 10));
    expect(error.message).toBe('iFlyRPA rejected the API key (HTTP 401)');
    expect(error.reason).toBe('auth');
  });

  it('a server that never answers times out', async () => {
    simulator.injectFault({ kind: 'hang' });
    const error = await failure(client({ timeoutMs: 300 }).listExecutions(1, 10));
    expect(error.reason).toBe('timeout');
  });

  it('a response over the size bound (20 MB) is refused, not parsed', async () => {
    simulator.injectFault({ kind: 'body', body: `{"code":"0000","msg":"${'x'.repeat(21 * 1024 * 1024)}"}` });
    const error = await failure(client().listExecutions(1, 10));
    expect(error.reason).toBe('badResponse');
    expect(error.message).toMatch(/larger than \d+ bytes; refused/);
  });

  it('the simulator refuses a page size over 100, as the API documents', async () => {
    const error = await failure(client().listExecutions(1, 101));
    expect(error.reason).toBe('apiCode');
  });

  it('pages are cut at request time over a list that changes while we page', async () => {
    const first = Array.from({ length: 3 }, (_, i) => simulator.startExecution({ startedAt: 1_000_000 + i * 1000 }));
    const page1 = await client().listExecutions(1, 2);
    simulator.startExecution({ startedAt: 2_000_000 });
    const page2 = await client().listExecutions(2, 2);
    expect(page1.executions.map((e) => e.id)).toEqual([first[2]!.id, first[1]!.id]);
    // The new run pushed everything down by one: page 2 now starts with a record page 1 already had.
    expect(page2.executions.map((e) => e.id)).toEqual([first[1]!.id, first[0]!.id]);
  });
});
