/** An error whose status code and message go to the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Seconds the client should wait before it asks again (a `Retry-After` header). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const httpError = (statusCode: number, message: string, retryAfter?: number) => new HttpError(statusCode, message, retryAfter);
