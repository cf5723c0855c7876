/** How an expected failure should be answered, whatever the channel: HTTP status, dialog message, Slack reply. */
export type ErrorKind = 'invalid' | 'unauthorised' | 'forbidden' | 'not_found' | 'conflict';

/** The HTTP status each kind is answered with, by the API and by anything else that answers over HTTP. */
export const HTTP_STATUS_OF: Record<ErrorKind, number> = { invalid: 400, unauthorised: 401, forbidden: 403, not_found: 404, conflict: 409 };

/** An expected failure with a stable string code (`complaint_not_found`), thrown by services and mapped at the edge. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
