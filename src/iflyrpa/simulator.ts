import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readExecuteRequest } from './simulator-execute';
import { answerWithFault, type Fault } from './simulator-fault';

/** A record exactly as the iFlyRPA API serves it (snake_case, naive times, start in +08:00, end in UTC). */
export interface ApiExecutionRecord {
  id: string;
  project_id: string;
  status: string;
  parameters: unknown;
  result: unknown;
  error: string | null;
  exec_position: string;
  version: number;
  user_id: string;
  start_time: string;
  end_time: string | null;
  [extra: string]: unknown;
}

export type { Fault } from './simulator-fault';

export interface SimulatorRequest {
  path: string;
  method?: string;
  /** The JSON body of a POST (execute-async), as received. */
  body?: unknown;
  pageNo?: number;
  pageSize?: number;
  executionId?: string;
  authorized: boolean;
}

const EXECUTE_ASYNC = '/api/rpa-openapi/workflows/execute-async';
const USER_ID = '5df30eb2-4737-4515-bb3f-d11236086e7';
const MAX_PAGE_SIZE = 100;

/** Formats an instant the way the API does: no zone, shifted to `offsetHours`. */
export function apiTime(ms: number, offsetHours: number): string {
  return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
}

/**
 * The iFlyRPA executions API over HTTP, as its documentation describes it: Bearer auth, newest
 * first, pages cut at request time from a list that may change between two requests. Scriptable
 * from tests and the demo: start and end executions, add raw records, inject faults.
 */
export class IflyrpaSimulator {
  readonly requests: SimulatorRequest[] = [];
  /** When each list request arrived (ms), in order. */
  readonly requestTimes: number[] = [];
  private readonly records: { record: ApiExecutionRecord; sortMs: number; seq: number }[] = [];
  private readonly faults: Fault[] = [];
  private readonly hanging = new Set<http.ServerResponse>();
  private server: http.Server | undefined;
  private seq = 0;
  private clock: () => number;
  private readonly endTimers = new Set<NodeJS.Timeout>();
  /**
   * How runs started through execute-async end: after `endAfterMs` with `status` (the way a robot finishes
   * on its own), or never by themselves (`endAfterMs: null`: the test ends them with complete/fail).
   */
  asyncRuns: { endAfterMs: number | null; status: 'COMPLETED' | 'FAILED' } = { endAfterMs: 2000, status: 'COMPLETED' };
  /** Faults for the next execute-async requests only (a robot offline, a quota), whatever else is asked meanwhile. */
  readonly executeFaults: Fault[] = [];

  constructor(private readonly options: { apiKey: string; now?: () => number }) {
    this.clock = options.now ?? Date.now;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      // A client that dies mid-request must not take the simulator down with it.
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the simulator is not started');
    return `http://${address.address}:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.endTimers) clearTimeout(timer);
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Starts a run now (or at `startedAt`): it is PENDING and at the top of the list. */
  startExecution(options: { id?: string; projectId?: string; startedAt?: number; parameters?: unknown; version?: number } = {}): ApiExecutionRecord {
    const startedAt = options.startedAt ?? this.clock();
    return this.addRecord({
      id: options.id ?? randomUUID(),
      project_id: options.projectId ?? '2008381617971200000',
      status: 'PENDING',
      parameters: options.parameters ?? {},
      result: null,
      error: null,
      exec_position: 'EXECUTOR',
      version: options.version ?? 2,
      user_id: USER_ID,
      start_time: apiTime(startedAt, 8),
      end_time: null,
    });
  }

  complete(id: string, result: unknown = { code: '0000', msg: '运行成功', data: { right: 71 }, video_path: 'D:\\rpa\\data\\logs\\2008381617971200000\\2008840517644636160.mp4' }, endedAt = this.clock()): ApiExecutionRecord {
    return this.update(id, { status: 'COMPLETED', result, error: null, end_time: apiTime(endedAt, 0) });
  }

  fail(id: string, error = "'str' object has no attribute 'get'", endedAt = this.clock()): ApiExecutionRecord {
    return this.update(id, { status: 'FAILED', result: null, error, end_time: apiTime(endedAt, 0) });
  }

  update(id: string, patch: Partial<ApiExecutionRecord>): ApiExecutionRecord {
    const entry = this.records.find((r) => r.record.id === id);
    if (!entry) throw new Error(`no execution ${id} in the simulator`);
    Object.assign(entry.record, patch);
    return entry.record;
  }

  /** Stops serving a run, in the list and by id, the way a purged record disappears; returns it, so a test can add it back. */
  remove(id: string): ApiExecutionRecord {
    const index = this.records.findIndex((r) => r.record.id === id);
    if (index < 0) throw new Error(`no execution ${id} in the simulator`);
    return this.records.splice(index, 1)[0]!.record;
  }

  /** Adds a record as given (any shape, for hostile tests), placed by `sortMs` (default: now, so newest). */
  addRecord<T extends Record<string, unknown>>(record: T, sortMs?: number): T {
    const startMs = typeof record.start_time === 'string' ? Date.parse(`${record.start_time}+08:00`) : NaN;
    this.records.push({ record: record as unknown as ApiExecutionRecord, sortMs: sortMs ?? (Number.isNaN(startMs) ? this.clock() : startMs), seq: this.seq++ });
    return record;
  }

  get executions(): ApiExecutionRecord[] {
    return this.sorted().map((r) => r.record);
  }

  get(id: string): ApiExecutionRecord | undefined {
    return this.records.find((r) => r.record.id === id)?.record;
  }

  /** The next `times` requests fail this way, then the API works again. */
  injectFault(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Runs started through POST …/workflows/execute-async so far (accepted or not). */
  executeRequests(): SimulatorRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/workflows/execute-async'));
  }

  listRequests(): SimulatorRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/executions/get'));
  }

  /** Lookups by id (GET /executions/{id}) received so far. */
  lookupRequests(): SimulatorRequest[] {
    return this.requests.filter((r) => r.executionId !== undefined);
  }

  private sorted() {
    return [...this.records].sort((a, b) => b.sortMs - a.sortMs || b.seq - a.seq);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const authorized = req.headers.authorization === `Bearer ${this.options.apiKey}`;
    const logged: SimulatorRequest = { path: url.pathname, authorized };
    this.requests.push(logged);
    if (url.pathname.endsWith('/executions/get')) this.requestTimes.push(Date.now());

    logged.method = req.method;
    const fault = this.faults.shift();
    if (fault) return answerWithFault(res, fault, this.hanging);
    if (url.pathname === EXECUTE_ASYNC && req.method === 'POST') {
      const executeFault = this.executeFaults.shift();
      if (executeFault) return answerWithFault(res, executeFault, this.hanging);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (!authorized) return this.json(res, 401, { code: '4010', msg: 'invalid api key', data: null });
        this.executeAsync(res, body, logged);
      });
      return;
    }
    if (req.method !== 'GET') return this.json(res, 405, { code: '4005', msg: 'method not allowed', data: null });
    if (!authorized) return this.json(res, 401, { code: '4010', msg: 'invalid api key', data: null });

    if (url.pathname === '/api/rpa-openapi/executions/get') {
      const pageNo = Number(url.searchParams.get('pageNo') ?? '1');
      const pageSize = Number(url.searchParams.get('pageSize') ?? '10');
      logged.pageNo = pageNo;
      logged.pageSize = pageSize;
      if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        return this.json(res, 200, { code: '4001', msg: `invalid paging: pageNo from 1, pageSize 1..${MAX_PAGE_SIZE}`, data: null });
      }
      const all = this.sorted();
      const executions = all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((r) => r.record);
      return this.json(res, 200, { code: '0000', msg: '', data: { executions, total: all.length, pageNo, pageSize, total_pages: Math.ceil(all.length / pageSize) } });
    }
    const one = /^\/api\/rpa-openapi\/executions\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const id = decodeURIComponent(one[1]!);
      logged.executionId = id;
      const execution = this.get(id);
      if (!execution) return this.json(res, 200, { code: '4004', msg: 'execution not found', data: null });
      return this.json(res, 200, { code: '0000', msg: '', data: { execution } });
    }
    return this.json(res, 404, { code: '4040', msg: 'not found', data: null });
  }

  /** Like the API: a JSON body naming a workflow it knows starts a PENDING run at the top of the list. */
  private executeAsync(res: http.ServerResponse, text: string, logged: SimulatorRequest): void {
    const request = readExecuteRequest(text, (projectId) => this.records.some((r) => r.record.project_id === projectId));
    if (request.body !== undefined) logged.body = request.body;
    if (!request.ok) return this.json(res, 200, { code: request.code, msg: request.msg, data: null });
    const run = this.startExecution({ projectId: request.projectId, parameters: request.params, version: request.version });
    if (request.execPosition !== undefined) run.exec_position = request.execPosition;
    const { endAfterMs, status } = this.asyncRuns;
    if (endAfterMs !== null) {
      const timer = setTimeout(() => {
        this.endTimers.delete(timer);
        if (this.get(run.id)?.status !== 'PENDING') return;
        if (status === 'COMPLETED') this.complete(run.id);
        else this.fail(run.id, 'robot stopped: element not found');
      }, endAfterMs);
      this.endTimers.add(timer);
    }
    return this.json(res, 200, { code: '0000', msg: '', data: { executionId: run.id } });
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}
