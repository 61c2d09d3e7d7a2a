export type CoreErrorCode = 'unknown-scope' | 'bad-date' | 'out-of-retention' | 'unknown-category' | 'bad-cut-off';

/** A read the core cannot answer; routes map the code to 404 / 400 / 404 and pass the message on. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
  }
}
