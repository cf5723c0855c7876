import { describe, expect, it } from '@jest/globals';
import type { Requester } from '../src/complaints/customer-desk/customer-desk.js';
import { FollowUpDialog } from './follow-up-dialog.js';
import { ASK, MENU, MENU_ES_SMS, setUp, YES_NO } from './testing/fixtures.js';
import type { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { OPENS_CHAT, type ConversationOptions, type Expectation, type Turn } from './testing/test-conversation.js';

const WEB: Requester = { key: 'webchat:conversation-1', channel: 'webchat' };
const PHONE = '+447400123456';
const SMS: Requester = { key: `sms:${PHONE}`, channel: 'sms' };

const GREETING = 'Hello. I can help you make a complaint to Example Ltd, or check on one you made.';
const HELP: Expectation[] = ['I can help you make a complaint, check on a complaint, or reach a person.', 'At any time you can type'];
const answered = (reference: string) => `Thank you. We have added this to your complaint ${reference} and will carry on looking into it.`;
const askAccept = (reference: string) => `Do you accept our proposal for complaint ${reference}? Reply YES or NO.`;
const accepted = (reference: string) => `Thank you. We have recorded that you accept. Your complaint ${reference} is resolved.`;
const REJECTED = 'We have recorded that you do not accept.';
const ASK_REASON = 'You can tell us why, or reply SKIP.';
const passedOn = (reference: string) => `We have added your message to complaint ${reference}. A member of our team will read it.`;

interface Scenario {
  name: string;
  options?: ConversationOptions;
  /** What is on file before the customer writes; by default one complaint made in this web chat, being looked into. */
  file?: (desk: FakeCustomerDesk) => string[];
  /** The customer's chat before staff wrote to them: with turns here, the menu is waiting when they reply. */
  earlier?: Turn[];
  /** What staff sent the customer, outside any dialog. */
  staff?: (desk: FakeCustomerDesk, references: string[]) => void;
  turns: (references: string[]) => Turn[];
  after: (desk: FakeCustomerDesk, references: string[]) => void;
}

const fileOne = (desk: FakeCustomerDesk) => [
  desk.add({ originKey: WEB.key, contact: { kind: 'webchat', value: 'conversation-1' }, status: 'investigating' }).reference,
];
const asks =
  (question: string) =>
  (desk: FakeCustomerDesk, [reference]: string[]) =>
    desk.ask(reference, question);
const proposes = (desk: FakeCustomerDesk, [reference]: string[]) =>
  desk.propose(reference, 'We propose a full refund.', 'The courier lost the parcel.');

/** Nothing recorded on the case beyond what the scenario expects. */
function received(desk: FakeCustomerDesk) {
  return { answers: desk.answers, responses: desk.responses, messages: desk.messages };
}

const scenarios: Scenario[] = [
  {
    name: 'answers a question, with nothing running, then rests',
    staff: asks('Which card did you use?'),
    turns: ([reference]) => [
      ['The Visa ending 1234', [answered(reference), { not: GREETING }, { not: ASK.menuAgain }]],
      ['thanks', [GREETING, ASK.menuFirst, MENU]],
    ],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({ answers: [{ requester: WEB, reference, text: 'The Visa ending 1234' }], responses: [], messages: [] });
      expect(desk.statusOf(reference)).toBe('investigating');
    },
  },
  {
    name: 'answers a question in Spanish by SMS, while the menu waits',
    options: { channel: 'sms', id: PHONE, locale: '' },
    file: (desk) => [desk.add({ originKey: SMS.key, contact: { kind: 'phone', value: PHONE }, status: 'investigating' }).reference],
    earlier: [['español', ['Hola.', MENU_ES_SMS]]],
    staff: asks('¿Con qué tarjeta pagó?'),
    turns: ([reference]) => [['Visa', [`Gracias. Hemos añadido esto a su queja ${reference} y seguiremos estudiándola.`, { not: 'Por favor, elija' }]]],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: SMS, reference, text: 'Visa' }]),
  },
  {
    name: 'answers by text from the number given for updates on a web chat complaint',
    options: { channel: 'sms', id: PHONE, locale: '' },
    file: (desk) => [desk.add({ originKey: 'webchat:elsewhere', contact: { kind: 'phone', value: PHONE }, status: 'investigating' }).reference],
    staff: asks('When did it arrive?'),
    turns: ([reference]) => [['Tuesday', answered(reference)]],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: SMS, reference, text: 'Tuesday' }]),
  },
  {
    name: 'takes an empty reply as the answer',
    staff: asks('Anything else we should know?'),
    turns: ([reference]) => [['', answered(reference)]],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: '' }]),
  },
  {
    name: 'takes a number as the answer when the question came after the menu',
    earlier: [[OPENS_CHAT, [ASK.menuFirst, MENU]]],
    staff: asks('How many parcels were missing?'),
    turns: ([reference]) => [['2', answered(reference)]],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: '2' }]),
  },
  {
    name: 'takes a number as a menu choice when the menu came after the question',
    file: (desk) => [
      desk.add({
        originKey: WEB.key,
        contact: { kind: 'webchat', value: 'conversation-1' },
        status: 'awaiting_customer',
        question: 'Which card did you use?',
      }).reference,
    ],
    earlier: [[OPENS_CHAT, [ASK.menuFirst, MENU]]],
    turns: ([reference]) => [
      ['2', 'Which complaint? Choose one, or type its reference.'],
      ['cancel', ['OK, I have stopped.', ASK.menuAgain]],
      ['Mastercard', answered(reference)],
    ],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: 'Mastercard' }]),
  },
  {
    name: 'gives help, not an answer, for "help" while a question waits',
    earlier: [[OPENS_CHAT, ASK.menuFirst]],
    staff: asks('Which card did you use?'),
    turns: ([reference]) => [
      ['help', [...HELP, ASK.menuFirst, MENU, { not: 'Thank you' }]],
      ['Visa', answered(reference)],
    ],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: 'Visa' }]),
  },
  {
    name: 'greets, and answers nothing, for "help" as the first message while a question waits',
    staff: asks('Which card did you use?'),
    turns: ([reference]) => [
      ['help', [GREETING, MENU, { not: 'Thank you' }]],
      ['Visa', answered(reference)],
    ],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: 'Visa' }]),
  },
  {
    name: 'checks a complaint, rather than answering with the words, for "check a complaint"',
    earlier: [[OPENS_CHAT, ASK.menuFirst]],
    staff: asks('Which card did you use?'),
    turns: ([reference]) => [['I want to check a complaint', ['Which complaint?', `[${reference}]`]]],
    after: (desk) => expect(received(desk)).toEqual({ answers: [], responses: [], messages: [] }),
  },
  {
    name: 'shows the menu for "menu" while a question waits',
    earlier: [[OPENS_CHAT, ASK.menuFirst]],
    staff: asks('Which card did you use?'),
    turns: () => [['menu', [ASK.menuFirst, MENU, { not: GREETING }]]],
    after: (desk) => expect(desk.answers).toEqual([]),
  },
  {
    name: 'asks for it again when the answer is too long',
    staff: asks('What happened?'),
    turns: ([reference]) => [
      ['x'.repeat(2001), 'That is too long for me. Please send it in fewer than 2000 characters.'],
      ['It was left in the rain.', answered(reference)],
    ],
    after: (desk, [reference]) => expect(desk.answers).toEqual([{ requester: WEB, reference, text: 'It was left in the rain.' }]),
  },
  {
    name: 'accepts a proposal with "yes"',
    staff: proposes,
    turns: ([reference]) => [['yes', [accepted(reference), { not: ASK.menuAgain }]]],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({ answers: [], responses: [{ requester: WEB, reference, accept: true }], messages: [] });
      expect(desk.statusOf(reference)).toBe('resolved');
    },
  },
  {
    name: 'accepts a proposal with "sí", in Spanish',
    options: { locale: 'es-ES' },
    staff: proposes,
    turns: ([reference]) => [['Sí', `Gracias. Hemos anotado que acepta. Su queja ${reference} está resuelta.`]],
    after: (desk, [reference]) => expect(desk.responses).toEqual([{ requester: WEB, reference, accept: true }]),
  },
  {
    name: 'asks once about an unclear reply, and takes "1" for yes',
    staff: proposes,
    turns: ([reference]) => [
      ['maybe', [askAccept(reference), YES_NO]],
      ['1', accepted(reference)],
    ],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({ answers: [], responses: [{ requester: WEB, reference, accept: true }], messages: [] });
    },
  },
  {
    name: 'asks once about an unclear reply, then takes "yes"',
    staff: proposes,
    turns: ([reference]) => [
      ['What does that mean?', [askAccept(reference), YES_NO]],
      ['yes', accepted(reference)],
    ],
    after: (desk, [reference]) => expect(desk.responses).toEqual([{ requester: WEB, reference, accept: true }]),
  },
  {
    name: 'rejects a proposal with "no", and keeps the reason',
    staff: proposes,
    turns: ([reference]) => [
      ['no', [REJECTED, ASK_REASON]],
      ['It does not cover the postage.', `Thank you. We have added this to your complaint ${reference}.`],
    ],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({
        answers: [],
        responses: [{ requester: WEB, reference, accept: false }],
        messages: [{ requester: WEB, reference, text: 'It does not cover the postage.' }],
      });
      expect(desk.statusOf(reference)).toBe('unresolved');
    },
  },
  {
    name: 'rejects a proposal with "no", and skips the reason',
    staff: proposes,
    turns: () => [
      ['No thanks', [REJECTED, ASK_REASON]],
      ['skip', ['That is fine. Thank you for letting us know.', { not: ASK.menuAgain }]],
    ],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({ answers: [], responses: [{ requester: WEB, reference, accept: false }], messages: [] });
    },
  },
  {
    name: 'keeps two unclear replies for staff, shows the menu, and still takes "yes" after',
    staff: proposes,
    turns: ([reference]) => [
      ['Can I have it by Friday?', askAccept(reference)],
      ['I need to ask my partner', [passedOn(reference), ASK.menuAgain, MENU]],
      ['yes', accepted(reference)],
    ],
    after: (desk, [reference]) => {
      expect(received(desk)).toEqual({
        answers: [],
        responses: [{ requester: WEB, reference, accept: true }],
        messages: [
          { requester: WEB, reference, text: 'Can I have it by Friday?' },
          { requester: WEB, reference, text: 'I need to ask my partner' },
        ],
      });
    },
  },
  {
    name: 'stops, recording nothing, for "cancel" at the question about the proposal',
    staff: proposes,
    turns: ([reference]) => [
      ['hmm', askAccept(reference)],
      ['cancel', ['OK, I have stopped.', ASK.menuAgain, MENU]],
    ],
    after: (desk) => expect(received(desk)).toEqual({ answers: [], responses: [], messages: [] }),
  },
  {
    name: 'asks for a person about the proposed complaint',
    file: (desk) => [
      fileOne(desk)[0],
      desk.add({ originKey: WEB.key, contact: { kind: 'webchat', value: 'conversation-1' }, status: 'investigating' }).reference,
    ],
    staff: (desk, [older]) => desk.propose(older, 'A voucher.', 'Because.'),
    turns: ([older]) => [
      ['not sure', askAccept(older)],
      ['talk to a person', [`A person will contact you about complaint ${older}.`, ASK.menuAgain]],
    ],
    after: (desk, [older]) => expect(desk.handOffs.map((h) => h.reference)).toEqual([older]),
  },
  {
    name: 'replies about the newest thing that waits',
    file: (desk) => [fileOne(desk)[0], fileOne(desk)[0]],
    staff: (desk, [first, second]) => {
      desk.propose(second, 'A voucher.', 'Because.');
      desk.ask(first, 'Which card did you use?');
    },
    turns: ([first]) => [['Visa', answered(first)]],
    after: (desk, [first, second]) => {
      expect(desk.answers.map((a) => a.reference)).toEqual([first]);
      expect(desk.statusOf(second)).toBe('response_proposed');
    },
  },
  {
    name: 'greets as usual when nothing waits',
    turns: () => [['hello', [GREETING, ASK.menuFirst, MENU]]],
    after: (desk) => {
      expect(received(desk)).toEqual({ answers: [], responses: [], messages: [] });
      expect(desk.lookUps).toEqual([]);
    },
  },
];

describe(FollowUpDialog.name, () => {
  it.each(scenarios)('$name', async ({ options, file = fileOne, earlier = [], staff, turns, after }) => {
    const { desk, chat } = setUp();
    const references = file(desk);
    const conversation = chat(options);
    await conversation.play(earlier);
    staff?.(desk, references);
    await conversation.play(turns(references));
    after(desk, references);
  });

  it('keeps what the customer said when staff moved the case on before they answered', async () => {
    const { desk, chat } = setUp();
    const [reference] = fileOne(desk);
    proposes(desk, [reference]);
    const conversation = chat();
    await conversation.play([['perhaps', askAccept(reference)]]);
    desk.move(reference, 'withdrawn');
    await conversation.play([['yes', [passedOn(reference), ASK.menuAgain, { not: 'resolved' }]]]);
    expect(received(desk)).toEqual({
      answers: [],
      responses: [],
      messages: [
        { requester: WEB, reference, text: 'perhaps' },
        { requester: WEB, reference, text: 'yes' },
      ],
    });
  });
});
