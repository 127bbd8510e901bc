export type ApiErrorCause = 'auth' | 'rateLimited' | 'server' | 'http' | 'timeout' | 'network' | 'badResponse' | 'apiCode' | 'notFound';

/** A failed call to iFlyRPA, with one plain line that says why; never carries headers or the key. */
export class IflyrpaApiError extends Error {
  override readonly name = 'IflyrpaApiError';
  constructor(
    readonly reason: ApiErrorCause,
    message: string,
    /** `msg`: the API's own words when it answered a `code` other than `0000` (the key already cut out). */
    readonly details: { status?: number; code?: string; msg?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}
