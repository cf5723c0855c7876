import { maskContactsInText } from '../../src/contacts/contact-format.js';

/**
 * An error as it may be logged: its kind, message and stack, with phone numbers and email addresses masked. Errors
 * from the dialogs carry the whole dialog state (what the customer wrote, their number) and database errors carry
 * the query's parameters; neither belongs in a log, so nothing else of the error is kept.
 */
export function loggableError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: '(not an Error)' };
  return {
    type: error.name,
    message: maskContactsInText(error.message),
    stack: error.stack ? maskContactsInText(error.stack) : undefined,
  };
}
