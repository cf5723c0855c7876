import { MemoryStorage } from 'botbuilder';
import { RedressBot } from '../redress-bot.js';
import { TEST_CHANNELS } from './channels.js';
import { FakeCustomerDesk } from './fake-customer-desk.js';
import { TestConversation, type ConversationOptions } from './test-conversation.js';

/** Thursday 26 March 2026, 10:00 in London (still GMT). */
export const NOW = new Date('2026-03-26T10:00:00Z');

export const MENU = '[Make a complaint | Check a complaint | Talk to a person | Help]';
/** Over SMS, where HELP is a carrier keyword. */
export const MENU_SMS = '[Make a complaint | Check a complaint | Talk to a person | How it works]';
export const MENU_ES_SMS = '[Poner una queja | Consultar una queja | Hablar con una persona | Cómo funciona]';
export const MENU_ES = '[Poner una queja | Consultar una queja | Hablar con una persona | Ayuda]';
export const CATEGORIES = '[Delivery | Billing | Service | Something else]';
export const CONTACT_WEBCHAT = '[In this chat | A phone number | An email address]';
export const CONTACT_SMS = '[By text to this number | A phone number | An email address]';
export const YES_NO = '[Yes | No]';
export const REVIEW =
  '[Send it | Change what happened | Change the topic | Change the date | Change what would put it right | Change how we contact you | Don\'t send it]';

export const ASK = {
  menuFirst: 'What would you like to do?',
  menuAgain: 'Is there anything else I can help with?',
  describe: 'Please tell me what happened.',
  category: 'What is your complaint about?',
  occurred: 'When did it happen?',
  remedy: 'What would put it right for you?',
  contact: 'How should we keep you updated?',
  phone: 'What phone number should we use?',
  email: 'What email address should we use?',
  consent: 'We will only use this to update you about this complaint. Is that OK?',
  review: 'Shall I send it?',
  reference: 'What is your complaint reference? It looks like 7K4M-9P2Q.',
  proof: 'please tell me the secret code that came with your reference. Or tell me the last 4 digits of the phone number, or the email address, you gave us.',
} as const;

/** A bot over memory storage and a fake desk, at a fixed time. */
export function setUp() {
  const clock = { now: () => NOW };
  const desk = new FakeCustomerDesk(clock);
  const storage = new MemoryStorage();
  const bot = new RedressBot(storage, desk, clock, TEST_CHANNELS);
  return { clock, desk, storage, bot, chat: (options?: ConversationOptions) => new TestConversation(bot, options) };
}
