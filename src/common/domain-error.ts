/** How an expected failure should be answered, whatever the channel: HTTP status, dialog message, Slack reply. */
export type ErrorKind = 'invalid' | 'unauthorised' | 'forbidden' | 'not_found' | 'conflict';

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
