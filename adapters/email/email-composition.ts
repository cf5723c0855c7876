import escapeHtml from 'escape-html';
import { languageOfLocale, type Language, type Messages } from '../../dialogs/messages/messages.js';

/** One email as the customer reads it: the same words as plain text and as simple HTML. */
export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  language: Language;
}

export interface CompositionInput {
  reference: string | null;
  /** The message as the core wrote it, one thought a line; staff's own words keep their line breaks. */
  text: string;
  /** Who wrote a staff reply; absent on the assistant's own messages. */
  from?: string;
  /** `en`, `es-ES`…; English when absent. */
  language?: string;
  organisation: string;
  /** Only when replies reach us (inbound email is set up) is the customer told to reply. */
  repliesReachUs: boolean;
}

/**
 * Words first, markup after: the HTML says nothing the text does not. It has a language, a title, no images, no
 * tables for layout and no styles a screen reader would have to work through; every piece of text in it is escaped.
 */
export function composeEmail(messages: Messages, input: CompositionInput): ComposedEmail {
  const language = languageOfLocale(input.language);
  const subject = input.reference
    ? messages.text(language, 'email.subjectCase', { reference: input.reference })
    : messages.text(language, 'email.subjectOther', { organisation: input.organisation });
  const paragraphs = input.text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const signature = input.from ? [`${input.from}\n${input.organisation}`] : [];
  const footer = input.reference && input.repliesReachUs ? [messages.text(language, 'email.replyToWrite')] : [];
  const blocks = [...paragraphs, ...signature, ...footer];
  const text = `${blocks.join('\n\n')}\n`;
  const body = blocks.map((block) => `<p>${block.split('\n').map(htmlLine).join('<br>\n')}</p>`).join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html, language };
}

/** A web address on a line of its own (a survey page's link): one a screen reader announces as a link. */
const LINK_LINE = /^https?:\/\/[^\s<>"']+$/u;

function htmlLine(line: string): string {
  const escaped = escapeHtml(line);
  return LINK_LINE.test(line.trim()) ? `<a href="${escapeHtml(line.trim())}">${escaped}</a>` : escaped;
}
