import { describe, expect, it } from '@jest/globals';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import { ASK, MENU, setUp } from './testing/fixtures.js';
import type { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { OPENS_CHAT, type Expectation, type Turn } from './testing/test-conversation.js';

const REQUESTER = { key: 'webchat:conversation-1', channel: 'webchat' } as const;

/** Each question of the intake, the answer that gets past it, and what is asked next. */
const INTAKE_STEPS = [
  { step: 'what happened', question: ASK.describe, answer: 'My parcel never came', next: ASK.category },
  { step: 'the topic', question: ASK.category, answer: 'Delivery', next: ASK.occurred },
  { step: 'the date', question: ASK.occurred, answer: 'yesterday', next: ASK.remedy },
  { step: 'what would put it right', question: ASK.remedy, answer: 'A refund', next: ASK.contact },
  { step: 'how to keep them updated', question: ASK.contact, answer: 'A phone number', next: ASK.phone },
  { step: 'the phone number', question: ASK.phone, answer: '+44 7400 123456', next: ASK.consent },
  { step: 'consent', question: ASK.consent, answer: 'yes', next: ASK.review },
  { step: 'the summary', question: ASK.review, answer: 'Send it', next: 'Thank you. Your complaint is recorded.' },
];

function upTo(index: number): Turn[] {
  return [
    [OPENS_CHAT, ASK.menuFirst],
    ['Make a complaint', ASK.describe],
    ...INTAKE_STEPS.slice(0, index).map(({ answer, next }): Turn => [answer, next]),
  ];
}

const HELP: Expectation[] = [
  'I can help you make a complaint, check on a complaint, or reach a person.',
  'At any time you can type: help, cancel, start again, or talk to a person.',
  'You can also complain to us in other ways:',
  'Complaints line: +44 20 7946 0000',
  'Email: complaints@example.com',
  'Our promises about complaints are on our website: [our code of conduct](/code-of-conduct).',
];

interface Interruption {
  name: string;
  /** A complaint this conversation made earlier. */
  earlierCase?: boolean;
  turns: (step: (typeof INTAKE_STEPS)[number]) => Turn[];
  after: (desk: FakeCustomerDesk, step: (typeof INTAKE_STEPS)[number], earlier: string | undefined) => void;
}

const filedOnlyIfSent = (desk: FakeCustomerDesk, step: (typeof INTAKE_STEPS)[number]) =>
  expect(desk.filed).toHaveLength(step.answer === 'Send it' ? 1 : 0);

const INTERRUPTIONS: Interruption[] = [
  {
    name: 'help',
    turns: ({ question, answer, next }) => [
      ['help', [...HELP, question]],
      [answer, next],
    ],
    after: filedOnlyIfSent,
  },
  {
    name: 'cancel',
    turns: () => [
      ['cancel', ['I have stopped. Your complaint was not sent, so no one will look into it. What you wrote is deleted after 30 days, unless you make a complaint in this conversation or already have one open with us.', ASK.menuAgain, MENU]],
      ['Make a complaint', ASK.describe],
    ],
    after: (desk) => expect(desk.filed).toEqual([]),
  },
  {
    name: 'start again',
    turns: () => [
      ['start again', ['Hello. I can help you make a complaint', ASK.menuFirst, MENU, { not: 'Your complaint was not sent' }]],
      ['Make a complaint', ASK.describe],
    ],
    after: (desk) => expect(desk.filed).toEqual([]),
  },
  {
    name: 'menu',
    turns: () => [
      ['menu', [ASK.menuFirst, MENU, { not: 'Hello' }]],
      ['Make a complaint', ASK.describe],
    ],
    after: (desk) => expect(desk.filed).toEqual([]),
  },
  {
    name: 'talk to a person, with no complaint yet',
    turns: ({ question, answer, next }) => [
      [
        'talk to a person',
        [
          'Thank you. I have asked a person to contact you.',
          'They will reply in this chat by 11:00 on Thursday 26 March.',
          'Keep this page open, or come back to it in this browser tab.',
          'You can carry on with your new complaint here if you want.',
          question,
        ],
      ],
      [answer, next],
    ],
    after: (desk, step) => {
      expect(desk.handOffs).toEqual([{ requester: REQUESTER, asked: undefined, reference: null }]);
      filedOnlyIfSent(desk, step);
    },
  },
  {
    name: 'talk to a person, after an earlier complaint',
    earlierCase: true,
    turns: ({ question, answer, next }) => [
      [
        'talk to a person',
        [
          /A person will contact you about complaint [0-9A-Z]{4}-[0-9A-Z]{4}\./,
          'They will reply in this chat by 11:00 on Thursday 26 March.',
          'You can carry on with your new complaint here if you want.',
          question,
        ],
      ],
      [answer, next],
    ],
    after: (desk, _step, earlier) => {
      expect(desk.handOffs).toEqual([{ requester: REQUESTER, asked: undefined, reference: earlier }]);
    },
  },
];

const table = INTERRUPTIONS.flatMap((interruption) =>
  INTAKE_STEPS.map((step, index) => ({ interruption: interruption.name, at: step.step, interruptionSpec: interruption, index })),
);

describe(CancelAndHelpDialog.name, () => {
  it.each(table)('$interruption while asking $at', async ({ interruptionSpec, index }) => {
    const { desk, chat } = setUp();
    const earlier = interruptionSpec.earlierCase
      ? desk.add({ originKey: REQUESTER.key, contact: { kind: 'webchat', value: 'conversation-1' } }).reference
      : undefined;
    const step = INTAKE_STEPS[index];
    await chat().play([...upTo(index), ...interruptionSpec.turns(step)]);
    interruptionSpec.after(desk, step, earlier);
  });

  it.each<[string, string, Expectation[]]>([
    ['ayuda', 'help', ['Puedo ayudarle a poner una queja', 'En cualquier momento puede escribir', '¿Sobre qué es su queja?']],
    ['cancelar', 'cancel', ['He parado. Su queja no se ha enviado, así que nadie la revisará. Lo que escribió se borra después de 30 días, salvo que presente una queja en esta conversación o ya tenga una abierta con nosotros.', '¿Puedo ayudarle en algo más?']],
    ['empezar de nuevo', 'start again', ['Hola. Puedo ayudarle', '¿Qué quiere hacer?']],
    ['hablar con una persona', 'talk to a person', ['He pedido a una persona', 'Le responderá en este chat antes de las 11:00 del jueves, 26 de marzo.', 'Si quiere, puede seguir aquí', '¿Sobre qué es su queja?']],
  ])('understands %j (%s) in Spanish', async (says, _english, sees) => {
    const { chat } = setUp();
    await chat({ locale: 'es-ES' }).play([
      [OPENS_CHAT, '¿Qué quiere hacer?'],
      ['Poner una queja', 'Por favor, cuénteme qué pasó.'],
      ['Se perdió el paquete', '¿Sobre qué es su queja?'],
      [says, sees],
    ]);
  });

  it('switches language at any question, asks it again in the new language, and keeps the answers', async () => {
    const { desk, chat } = setUp();
    await chat().play([
      ...upTo(2),
      ['español', ['A partir de ahora le escribo en español.', '¿Cuándo pasó?', { not: ASK.occurred }]],
      ['ayer', '¿Qué lo arreglaría para usted?'],
      ['english', ['I will write in English from now on.', ASK.remedy]],
      ['A refund', ASK.contact],
      ['In this chat', ['What happened: My parcel never came', 'About: Delivery', 'When: 25 March 2026']],
      ['Send it', 'Thank you. Your complaint is recorded.'],
    ]);
    expect(desk.filed[0]).toMatchObject({ language: 'en', occurredOn: '2026-03-25', description: 'My parcel never came' });
  });

  it('handles the same words at the menu', async () => {
    const { desk, chat } = setUp();
    await chat().play([
      [OPENS_CHAT, ASK.menuFirst],
      ['help', [...HELP, ASK.menuFirst, MENU]],
      ['cancel', ['There is nothing to cancel.', ASK.menuAgain, MENU]],
      ['restart', ['Hello.', ASK.menuFirst]],
      ['agent', ['Thank you. I have asked a person to contact you.', 'They will reply in this chat by 11:00 on Thursday 26 March.', ASK.menuAgain, MENU]],
      ['Help', [...HELP, ASK.menuAgain]],
      ['4', [...HELP, ASK.menuAgain]],
    ]);
    // Without a staff channel nobody would see the request: the customer is told so, and given the other ways in
    // (not this chat, which they are in).
    desk.staffReachable = false;
    await chat().play([
      [
        '3',
        [
          'I cannot reach a person from here right now.',
          'You can reach us in these ways:',
          'Complaints line: +44 20 7946 0000',
          'Would you like to make a complaint now? A person will then pick it up.',
          { not: 'They will reply' },
        ],
      ],
    ]);
    expect(desk.handOffs).toHaveLength(2);
  });

  it('never suggests CANCEL over SMS, where carriers take it to mean stop every message', async () => {
    const { chat } = setUp();
    await chat({ channel: 'sms', id: '+447400123456', locale: '' }).play([
      ['menu', ASK.menuFirst],
      ['4', ['At any time you can text: menu, start again, or talk to a person. Text STOP to stop all our messages.', { not: /cancel/i }]],
    ]);
  });

  it('leaves a description that merely mentions a keyword alone', async () => {
    const { chat } = setUp();
    await chat().play([
      ...upTo(0),
      ['They cancelled my order and I need help', [ASK.category, { not: 'I have stopped' }, { not: 'At any time' }]],
    ]);
  });
});
