import { describe, expect, it } from '@jest/globals';
import type { Requester } from '../src/complaints/customer-desk/customer-desk.js';
import { ASK, CATEGORIES, MENU, setUp } from './testing/fixtures.js';
import type { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { OPENS_CHAT, type ConversationOptions, type Turn } from './testing/test-conversation.js';

const WEB: Requester = { key: 'webchat:conversation-1', channel: 'webchat' };
const PHONE = '+34612345678';
const SMS: Requester = { key: `sms:${PHONE}`, channel: 'sms' };

const SWITCHED_ES = 'A partir de ahora le escribo en español.';
const SWITCHED_EN = 'I will write in English from now on.';
const DESCRIBE_ES = 'Por favor, cuénteme qué pasó.';
const PERSON = (reference: string) => `A person will contact you about complaint ${reference}.`;
const BUSY = 'You are in the middle of making a complaint. To do something else first, type menu';

interface Conversation {
  name: string;
  options?: ConversationOptions;
  /** What is on file before the customer writes; the references are handed to the turns. */
  file?: (desk: FakeCustomerDesk) => string[];
  turns: (references: string[]) => Turn[];
  after?: (desk: FakeCustomerDesk, references: string[]) => void;
}

const oneInWebChat = (desk: FakeCustomerDesk) => [
  desk.add({ originKey: WEB.key, contact: { kind: 'webchat', value: 'conversation-1' }, status: 'investigating' }).reference,
];

const conversations: Conversation[] = [
  {
    name: 'at the menu, "I want to complain" starts a complaint',
    turns: () => [
      [OPENS_CHAT, [ASK.menuFirst, MENU]],
      ['I want to complain', [ASK.describe, { not: 'Please choose one of these.' }]],
    ],
  },
  {
    name: 'at the menu, "where is my complaint?" checks on one',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['where is my complaint?', ASK.reference],
    ],
  },
  {
    name: 'a reference typed in a sentence is looked up at once',
    file: oneInWebChat,
    turns: ([reference]) => [
      [OPENS_CHAT, ASK.menuFirst],
      [`any news on ${reference.toLowerCase()}?`, [`Complaint ${reference}.`, 'We are looking into your complaint.', { not: ASK.reference }]],
    ],
  },
  {
    name: 'with nothing running, "can I speak to someone" asks for a person',
    file: oneInWebChat,
    turns: ([reference]) => [
      [OPENS_CHAT, ASK.menuFirst],
      ['check a complaint', 'Which complaint?'],
      [reference, `Complaint ${reference}.`],
      ['can I speak to someone', [PERSON(reference), ASK.menuAgain]],
    ],
    after: (desk, [reference]) => expect(desk.handOffs).toEqual([{ requester: WEB, asked: reference, reference }]),
  },
  {
    name: 'withdraw and reopen are done here, after asking; escalating goes to a person',
    file: oneInWebChat,
    turns: ([reference]) => [
      [OPENS_CHAT, ASK.menuFirst],
      [`I want to withdraw my complaint ${reference}`, [`Do you want to withdraw complaint ${reference}? We will stop looking into it.`, '[Withdraw it | Keep it open]']],
      ['Withdraw it', [`Your complaint ${reference} is withdrawn.`, 'You can ask us to reopen it until Saturday 25 April.', ASK.menuAgain]],
      ['I want to reopen my complaint', `Why would you like us to reopen complaint ${reference}?`],
      ['The parcel still has not come.', [`We have reopened your complaint ${reference}`, ASK.menuAgain]],
      ['escalate my complaint', ['A member of our team can take your complaint further.', PERSON(reference), ASK.menuAgain]],
    ],
    after: (desk, [reference]) => {
      expect(desk.handOffs).toHaveLength(1);
      expect(desk.changesMade).toEqual([
        { reference, kind: 'withdraw' },
        { reference, kind: 'reopen', reason: 'The parcel still has not come.' },
      ]);
    },
  },
  {
    name: 'a first text in Spanish is answered in Spanish, and the complaint is made in Spanish',
    options: { channel: 'sms', id: PHONE, locale: '' },
    turns: () => [
      ['hola, quiero poner una queja', [SWITCHED_ES, 'For English, type: english.', DESCRIBE_ES, { not: 'Hello' }]],
      ['El paquete nunca llegó', '¿Sobre qué es su queja?'],
      ['1', '¿Cuándo pasó?'],
      ['ayer', '¿Qué lo arreglaría para usted?'],
      ['No sé', '¿Cómo le mantenemos informado?'],
      ['1', '¿La envío?'],
      ['sí', 'Gracias. Su queja está registrada.'],
    ],
    after: (desk) => expect(desk.filed).toEqual([expect.objectContaining({ requester: SMS, language: 'es', description: 'El paquete nunca llegó' })]),
  },
  {
    name: 'Spanish requests at the menu of an English chat: the chat switches, and the request is followed',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['quiero reabrir mi queja', [SWITCHED_ES, 'Primero, dígame de qué queja se trata.']],
    ],
  },
  {
    name: 'a story told in Spanish in an English chat switches it; the next questions are in Spanish',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['El repartidor fue muy maleducado y nadie contesta el teléfono', [SWITCHED_ES, '¿Sobre qué es su queja?']],
      ['Atención', '¿Cuándo pasó?'],
      ['the 3rd of March, I think', [SWITCHED_EN, ASK.remedy]],
    ],
  },
  {
    name: 'short, ambiguous or borrowed words never switch the language',
    options: { locale: 'es-ES' },
    turns: () => [
      [OPENS_CHAT, '¿Qué quiere hacer?'],
      ['Poner una queja', DESCRIBE_ES],
      ['Sam Jones, pedido Amazon Prime', ['¿Sobre qué es su queja?', { not: SWITCHED_EN }]],
      ['Delivery', ['¿Cuándo pasó?', { not: SWITCHED_EN }]],
      ['yesterday', { not: SWITCHED_EN }],
    ],
  },
  {
    name: 'English never switches on an English story that trigrams alone would call Spanish',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel never came', [ASK.category, { not: SWITCHED_ES }]],
    ],
  },
  {
    name: 'in a half-told complaint, a request to do something else keeps the complaint and says how to leave',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel never came', ASK.category],
      ['where is my complaint?', [BUSY, ASK.category, CATEGORIES]],
      ['Delivery', ASK.occurred],
      ['I want to complain', ASK.occurred],
    ],
  },
  {
    name: 'withdrawing a complaint not yet sent stops it, with nothing sent',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel never came', ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['In this chat', ASK.review],
      ['please cancel my complaint', ['I have stopped. Your complaint was not sent, so no one will look into it.', ASK.menuAgain, { not: BUSY }]],
    ],
    after: (desk) => {
      expect(desk.filed).toEqual([]);
      expect(desk.handOffs).toEqual([]);
    },
  },
  {
    name: 'a story that mentions complaining is the story, not a request',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['I want to complain about the driver, who threw my parcel over the fence', [ASK.category, { not: BUSY }]],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['An apology', ASK.contact],
      ['In this chat', 'What happened: I want to complain about the driver, who threw my parcel over the fence'],
    ],
  },
  {
    name: 'at the reference question, "I want to complain" starts a complaint instead',
    turns: () => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Check a complaint', ASK.reference],
      ['actually I want to make a complaint', ASK.describe],
    ],
  },
  {
    name: 'a request in so many words is not taken as the answer to a question staff asked',
    file: (desk) => {
      const [reference] = oneInWebChat(desk);
      desk.ask(reference, 'Which card did you use?');
      return [reference];
    },
    turns: ([reference]) => [['where is my complaint', ['Which complaint?', reference, { not: 'We have added this' }]]],
    after: (desk) => expect(desk.answers).toEqual([]),
  },
];

describe('requests in the customer\'s own words', () => {
  it.each(conversations)('$name', async ({ options, file, turns, after }) => {
    const { desk, chat } = setUp();
    const references = file?.(desk) ?? [];
    await chat(options).play(turns(references));
    after?.(desk, references);
  });
});
