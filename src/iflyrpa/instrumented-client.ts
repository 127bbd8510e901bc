import type { Metrics } from '../observability/metrics';
import { IflyrpaApiError } from './api-error';
import type { IflyrpaClient } from './iflyrpa-client';

/** The same client, with its latency, errors and records counted. */
export function instrumentClient(client: IflyrpaClient, metrics: Metrics): IflyrpaClient {
  const timed = async <T>(endpoint: string, call: () => Promise<T>): Promise<T> => {
    const stop = metrics.apiLatency.startTimer({ endpoint });
    try {
      return await call();
    } catch (error) {
      metrics.apiErrors.inc({ reason: error instanceof IflyrpaApiError ? error.reason : 'unknown' });
      throw error;
    } finally {
      stop();
    }
  };
  return {
    listExecutions: async (pageNo, pageSize) => {
      const page = await timed('list', () => client.listExecutions(pageNo, pageSize));
      metrics.recordsSeen.inc(page.executions.length);
      return page;
    },
    getExecution: async (id) => {
      const execution = await timed('get', () => client.getExecution(id));
      if (execution) metrics.recordsSeen.inc();
      return execution;
    },
    executeAsync: (request) => timed('execute', () => client.executeAsync(request)),
  };
}
