/** A delivery that failed; `permanent` means retrying cannot help (bad token, unknown channel, refused address). */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
