import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { z } from 'zod';
import type { Execution } from '../domain/execution';
import { IflyrpaApiError } from './api-error';
import { parseExecutions, type RecordProblem } from './execution-schema';

const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

const envelopeSchema = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  msg: z.unknown().optional(),
  data: z.unknown().optional(),
});

const pageDataSchema = z.object({
  executions: z.array(z.unknown()),
  total: z.coerce.number().int().nonnegative().catch(0),
  pageNo: z.coerce.number().int().catch(0),
  pageSize: z.coerce.number().int().catch(0),
  total_pages: z.coerce.number().int().nonnegative().catch(0),
});

const oneDataSchema = z.object({ execution: z.unknown() });

// The id is shown in Slack and used as a key: only the characters an id is made of.
const startedSchema = z.object({ executionId: z.union([z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), z.number().int().nonnegative()]).transform(String) });

/** What starting a run takes (`POST …/workflows/execute-async`); without `version` the workflow's current one runs. */
export interface ExecuteRequest {
  projectId: string;
  execPosition: string;
  params?: Record<string, unknown>;
  version?: number;
}

export interface ExecutionsPage {
  pageNo: number;
  pageSize: number;
  total: number;
  totalPages: number;
  executions: Execution[];
  /**
   * Records that failed validation (skipped, the page stands), and records kept with a part cut
   * down (`kept`), the latter once per process for each execution: a page served every poll would
   * otherwise repeat the same warning forever.
   */
  problems: RecordProblem[];
}

/** The shape of Config['api'], so callers hand the configuration over as it is. */
export interface IflyrpaClientOptions {
  baseUrl: string;
  key: string;
  timeoutMs: number;
  startTimeOffset: string;
  endTimeOffset: string;
}

export interface IflyrpaClient {
  listExecutions(pageNo: number, pageSize: number): Promise<ExecutionsPage>;
  /** One execution by id; null when the API says it does not exist. */
  getExecution(id: string): Promise<Execution | null>;
  /** Starts a run and returns its execution id; the API's refusal (`code` not `0000`) throws with its `msg`. */
  executeAsync(request: ExecuteRequest): Promise<string>;
}

export function createIflyrpaClient(options: IflyrpaClientOptions): IflyrpaClient {
  const http = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { Authorization: `Bearer ${options.key}`, Accept: 'application/json' },
    maxContentLength: MAX_RESPONSE_BYTES,
    maxRedirects: 0,
    // Every status is read here, so no axios error (which carries the request headers) escapes.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (body: unknown) => body,
  });
  const offsets = { start: options.startTimeOffset, end: options.endTimeOffset };
  const warnedCut = new Set<string>();
  const firstTimeOnly = (problem: RecordProblem): boolean => {
    if (!problem.kept || problem.id === undefined) return true;
    if (warnedCut.has(problem.id)) return false;
    if (warnedCut.size >= 10_000) warnedCut.clear();
    warnedCut.add(problem.id);
    return true;
  };

  return {
    async listExecutions(pageNo, pageSize) {
      const data = await call(http, '/api/rpa-openapi/executions/get', { pageNo, pageSize }, options.key);
      const page = pageDataSchema.safeParse(data);
      if (!page.success) throw new IflyrpaApiError('badResponse', 'iFlyRPA answered without a list of executions');
      const { executions, problems } = parseExecutions(page.data.executions, offsets);
      return {
        pageNo: page.data.pageNo || pageNo,
        pageSize: page.data.pageSize || pageSize,
        total: page.data.total,
        totalPages: page.data.total_pages,
        executions,
        problems: problems.filter(firstTimeOnly),
      };
    },
    async getExecution(id) {
      let data: unknown;
      try {
        data = await call(http, `/api/rpa-openapi/executions/${encodeURIComponent(id)}`, {}, options.key);
      } catch (error) {
        if (error instanceof IflyrpaApiError && error.reason === 'notFound') return null;
        throw error;
      }
      const one = oneDataSchema.safeParse(data);
      // A reply of the wrong shape is not "no such run": taking it for one would drop a tracked run after VANISHED_AFTER.
      if (!one.success) throw new IflyrpaApiError('badResponse', `iFlyRPA answered the lookup of ${id} without an execution`);
      if (one.data.execution === null || one.data.execution === undefined) return null;
      const { executions, problems } = parseExecutions([one.data.execution], offsets);
      if (!executions[0]) throw new IflyrpaApiError('badResponse', `iFlyRPA sent an invalid execution ${id}: ${problems[0]?.problem ?? 'invalid'}`);
      return executions[0];
    },
    async executeAsync(request) {
      const body = {
        project_id: request.projectId,
        exec_position: request.execPosition,
        ...(request.params !== undefined ? { params: request.params } : {}),
        ...(request.version !== undefined ? { version: request.version } : {}),
      };
      const data = await call(http, '/api/rpa-openapi/workflows/execute-async', body, options.key, 'post');
      const started = startedSchema.safeParse(data);
      if (!started.success) throw new IflyrpaApiError('badResponse', `iFlyRPA started ${request.projectId} but answered without an executionId`);
      return started.data.executionId;
    },
  };
}

async function call(http: AxiosInstance, path: string, params: Record<string, unknown>, key: string, method: 'get' | 'post' = 'get'): Promise<unknown> {
  let response;
  try {
    response = method === 'get' ? await http.get<string>(path, { params }) : await http.post<string>(path, params, { headers: { 'Content-Type': 'application/json' } });
  } catch (error) {
    throw toTransportError(error);
  }
  const { status } = response;
  if (status === 401 || status === 403) throw new IflyrpaApiError('auth', `iFlyRPA rejected the API key (HTTP ${status})`, { status });
  if (status === 404) throw new IflyrpaApiError('notFound', `iFlyRPA has no such resource (HTTP 404)`, { status });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    throw new IflyrpaApiError('rateLimited', `iFlyRPA is rate limiting us (HTTP 429)`, { status, retryAfterMs });
  }
  if (status >= 500) throw new IflyrpaApiError('server', `iFlyRPA had a server error (HTTP ${status})`, { status });
  if (status !== 200) throw new IflyrpaApiError('http', `iFlyRPA answered HTTP ${status}`, { status });

  let body: unknown;
  try {
    body = JSON.parse(String(response.data));
  } catch {
    throw new IflyrpaApiError('badResponse', 'iFlyRPA answered with something that is not JSON', { status });
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw new IflyrpaApiError('badResponse', 'iFlyRPA answered JSON without a code', { status });
  if (envelope.data.code !== '0000') {
    // The API's own words reach people (health alerts, job data): an API that echoes the key must not show it.
    const msg = typeof envelope.data.msg === 'string' ? envelope.data.msg.split(key).join('[redacted]').replace(/\s+/g, ' ').slice(0, 300) : '';
    const reason = /not.?found|不存在/i.test(msg) ? 'notFound' : /key|auth|token|unauthori[sz]ed/i.test(msg) ? 'auth' : 'apiCode';
    throw new IflyrpaApiError(reason, `iFlyRPA answered code ${envelope.data.code.slice(0, 20)}${msg ? `: ${msg}` : ''}`, {
      status,
      code: envelope.data.code,
      ...(msg ? { msg } : {}),
    });
  }
  return envelope.data.data;
}

function toTransportError(error: unknown): IflyrpaApiError {
  if (isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new IflyrpaApiError('timeout', 'iFlyRPA did not answer in time');
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return new IflyrpaApiError('badResponse', `iFlyRPA sent a response larger than ${MAX_RESPONSE_BYTES} bytes; refused`);
    }
    return new IflyrpaApiError('network', `iFlyRPA could not be reached (${error.code ?? 'network error'})`);
  }
  return new IflyrpaApiError('network', 'iFlyRPA could not be reached');
}

function parseRetryAfter(value: unknown): number | undefined {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
