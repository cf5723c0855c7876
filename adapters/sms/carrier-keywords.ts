export type CarrierKeyword = 'opt_out' | 'opt_in' | 'help';

const KEYWORDS: Record<string, CarrierKeyword> = {
  STOP: 'opt_out',
  STOPALL: 'opt_out',
  UNSUBSCRIBE: 'opt_out',
  CANCEL: 'opt_out',
  END: 'opt_out',
  QUIT: 'opt_out',
  START: 'opt_in',
  UNSTOP: 'opt_in',
  HELP: 'help',
  INFO: 'help',
};

/**
 * The keywords carriers (CTIA in the US, and Twilio on every long code) require a sender to honour, recognised as
 * Twilio does: the whole message, any case, surrounding spaces and punctuation ignored. "Cancel my order" is a
 * message; "Cancel." is an opt-out, even in the middle of a dialog that offers to cancel.
 */
export function carrierKeyword(body: string): CarrierKeyword | undefined {
  const word = body.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '').toUpperCase();
  return Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
}
