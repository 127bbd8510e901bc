import type http from 'node:http';

/** What the simulator can be told to answer instead of the API's usual reply. */
export type Fault =
  | { kind: 'httpStatus'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'apiCode'; code: string; msg: string }
  | { kind: 'body'; body: string }
  | { kind: 'hang' }
  | { kind: 'reset' };

/** Answers `res` with `fault`; a hanging one is added to `hanging` until its client gives up. */
export function answerWithFault(res: http.ServerResponse, fault: Fault, hanging: Set<http.ServerResponse>): void {
  switch (fault.kind) {
    case 'httpStatus':
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    case 'apiCode':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: fault.code, msg: fault.msg, data: null }));
      return;
    case 'body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fault.body);
      return;
    case 'hang':
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    case 'reset':
      res.socket?.destroy();
      return;
  }
}
