/** An execute-async request as the simulator reads it, or the API's answer refusing it (code and msg). */
export type ExecuteRequest =
  | { ok: true; body: unknown; projectId: string; params: Record<string, unknown>; version: number | undefined; execPosition: string | undefined }
  | { ok: false; body: unknown; code: string; msg: string };

/** Like the API: a JSON body naming a workflow it knows, optional object `params` and integer `version`. */
export function readExecuteRequest(text: string, knownProject: (projectId: string) => boolean): ExecuteRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, body: undefined, code: '4001', msg: 'request body is not JSON' };
  }
  const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const refuse = (code: string, msg: string): ExecuteRequest => ({ ok: false, body, code, msg });
  const { project_id: projectId, params, version, exec_position: execPosition } = request;
  if (typeof projectId !== 'string' || projectId === '') return refuse('4001', 'project_id is required');
  if (!knownProject(projectId)) return refuse('5004', `工作流不存在: ${projectId}`);
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) return refuse('4001', 'params must be an object');
  if (version !== undefined && !Number.isInteger(version)) return refuse('4001', 'version must be an integer');
  return { ok: true, body, projectId, params: (params ?? {}) as Record<string, unknown>, version: typeof version === 'number' ? version : undefined, execPosition: typeof execPosition === 'string' ? execPosition : undefined };
}
