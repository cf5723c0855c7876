import { parseReference } from '../../src/complaints/domain/reference.js';

/**
 * A complaint's own reply address: `complaints+7K4M-9P2Q@example.com`. Mail servers deliver plus-addresses to the
 * base mailbox, and the inbound service hands us the address it was sent to, so a reply names its case even when
 * the customer's mail program drops the subject and the threading headers.
 */
export function replyAddress(base: string, reference: string | null): string {
  if (!reference) return base;
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${reference}${base.slice(at)}`;
}

/**
 * Our Message-ID for an outbox message: the same on every attempt, so a message sent twice after a lost answer is
 * one message to the customer's mail program, and a bounce or a reply that quotes it leads back to the outbox row.
 */
export function messageIdFor(outboxMessageId: string, from: string): string {
  return `<redress.${outboxMessageId}@${domainOf(from)}>`;
}

const OUR_MESSAGE_ID = /^<?redress\.([0-9a-f-]{36})@[^>]+>?$/i;

/** The outbox message one of our Message-IDs was made for, if it is one of ours. */
export function outboxIdOf(messageId: string): string | undefined {
  return OUR_MESSAGE_ID.exec(messageId.trim())?.[1]?.toLowerCase();
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** A reference in `complaints+7K4M-9P2Q@…` among the addresses a message was sent to. */
export function referenceInAddresses(addresses: string[]): string | undefined {
  for (const address of addresses) {
    const match = /\+([^@+]+)@/.exec(address);
    const parsed = match ? parseReference(match[1]) : undefined;
    if (parsed?.ok) return parsed.reference;
  }
  return undefined;
}

/**
 * A reference written in a subject ("Re: Your complaint 7K4M-9P2Q"). Only the form we print, four and four
 * characters around a dash, with the check character right: a word that happens to be eight letters is not one.
 */
export function referenceInSubject(subject: string): string | undefined {
  for (const match of subject.matchAll(/(?<![\p{L}\p{N}])([\p{L}\p{N}]{4}-[\p{L}\p{N}]{4})(?![\p{L}\p{N}])/gu)) {
    const parsed = parseReference(match[1]);
    if (parsed.ok) return parsed.reference;
  }
  return undefined;
}
