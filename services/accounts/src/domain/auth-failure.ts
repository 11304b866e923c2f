/** A refused token-endpoint request: the HTTP status and the `error` body the gateway relays. */
export class AuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly code:
      | 'BAD_REQUEST'
      | 'INVALID_CREDENTIALS'
      | 'LOGIN_LOCKED'
      | 'REFRESH_TOKEN_INVALID'
      | 'REFRESH_TOKEN_REUSED'
      | 'API_KEY_INVALID',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      },
    };
  }
}
