import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../src/common/domain-error.js';
import { IntakeDialog } from './intake-dialog.js';
import { ASK, CATEGORIES, CONTACT_SMS, CONTACT_WEBCHAT, MENU, MENU_SMS, REVIEW, setUp, YES_NO } from './testing/fixtures.js';
import type { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { OPENS_CHAT, type ConversationOptions, type Turn } from './testing/test-conversation.js';

interface Conversation {
  name: string;
  options?: ConversationOptions;
  before?: (desk: FakeCustomerDesk) => void;
  turns: Turn[];
  after?: (desk: FakeCustomerDesk) => void;
}

const START: Turn[] = [
  [OPENS_CHAT, [ASK.menuFirst, MENU]],
  ['Make a complaint', ASK.describe],
];

/** Up to the summary: a parcel that never came, last Tuesday, refund, updates in this chat. */
const TO_SUMMARY: Turn[] = [
  ...START,
  ['My parcel never came', ASK.category],
  ['Delivery', ASK.occurred],
  ['last Tuesday', ASK.remedy],
  ['A refund', ASK.contact],
  ['In this chat', [ASK.review, REVIEW]],
];

const SENT = 'Thank you. Your complaint is recorded.';
const REFERENCE_SAID = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\. That is ([0-9A-Z] ){3}[0-9A-Z], ([0-9A-Z] ){3}[0-9A-Z]\. Please keep it\./;

const conversations: Conversation[] = [
  {
    name: 'happy path in English on web chat',
    turns: [
      [OPENS_CHAT, ['Hello. I can help you make a complaint to Example Ltd, or check on one you made.', ASK.menuFirst, MENU]],
      ['Make a complaint', ASK.describe],
      ['The parcel never came and nobody answers the phone. This is a bloody disgrace!', [ASK.category, CATEGORIES]],
      ['Delivery', [ASK.occurred, "say I don't know"]],
      ['last Tuesday', ASK.remedy],
      ['A refund of the delivery charge', [ASK.contact, CONTACT_WEBCHAT]],
      ['An email address', ASK.email],
      ['Sam.Jones@Example.com', [ASK.consent, YES_NO]],
      [
        'yes',
        [
          'Here is your complaint.',
          'What happened: The parcel never came and nobody answers the phone. This is a bloody disgrace!',
          'About: Delivery',
          'When: 24 March 2026',
          'To put it right: A refund of the delivery charge',
          'Updates: by email to sam.jones@example.com',
          ASK.review,
          REVIEW,
        ],
      ],
      [
        'Send it',
        [
          SENT,
          REFERENCE_SAID,
          'Next, a member of our team will look into your complaint.',
          'We will tell you how it is going by Thursday 9 April.',
          'We will reply in full by Thursday 23 April.',
          { not: 'who is dealing with it by' },
          ASK.menuAgain,
          MENU,
        ],
      ],
    ],
    after: (desk) => {
      expect(desk.filed).toEqual([
        {
          requester: { key: 'webchat:conversation-1', channel: 'webchat' },
          contact: { kind: 'email', value: 'sam.jones@example.com' },
          language: 'en',
          category: 'delivery',
          description: 'The parcel never came and nobody answers the phone. This is a bloody disgrace!',
          remedySought: 'A refund of the delivery charge',
          occurredOn: '2026-03-24',
        },
      ]);
    },
  },
  {
    name: 'happy path in Spanish on web chat',
    options: { locale: 'es-ES' },
    turns: [
      [OPENS_CHAT, ['Hola. Puedo ayudarle a poner una queja a Example Ltd', '¿Qué quiere hacer?', '[Poner una queja | Consultar una queja | Hablar con una persona | Ayuda]']],
      ['Poner una queja', 'Por favor, cuénteme qué pasó.'],
      ['El repartidor fue muy maleducado.', ['¿Sobre qué es su queja?', '[Entrega | Facturación | Atención | Otra cosa]']],
      ['atencion', '¿Cuándo pasó?'],
      ['el martes pasado', '¿Qué lo arreglaría para usted?'],
      ['No sé', ['¿Cómo le mantenemos informado?', '[En este chat | Un número de teléfono | Un correo electrónico]']],
      [
        'En este chat',
        [
          'Esta es su queja.',
          'Qué pasó: El repartidor fue muy maleducado.',
          'Tema: Atención',
          'Cuándo: 24 de marzo de 2026',
          'Para arreglarlo: no se sabe',
          'Avisos: en este chat',
          '¿La envío?',
          '[Enviarla | Cambiar qué pasó | Cambiar el tema | Cambiar la fecha | Cambiar qué lo arreglaría | Cambiar cómo le avisamos | No enviarla]',
        ],
      ],
      [
        'Enviarla',
        [
          'Gracias. Su queja está registrada.',
          /Su referencia es [0-9A-Z]{4}-[0-9A-Z]{4}\. Es decir: /,
          'Le diremos cómo va antes del jueves, 9 de abril.',
          'Le daremos una respuesta completa antes del jueves, 23 de abril.',
          '¿Puedo ayudarle en algo más?',
        ],
      ],
    ],
    after: (desk) => {
      expect(desk.filed).toEqual([
        {
          requester: { key: 'webchat:conversation-1', channel: 'webchat' },
          contact: { kind: 'webchat', value: 'conversation-1' },
          language: 'es',
          category: 'service',
          description: 'El repartidor fue muy maleducado.',
          remedySought: undefined,
          occurredOn: '2026-03-24',
        },
      ]);
    },
  },
  {
    name: 'happy path by SMS in Spanish, answering with numbers',
    options: { channel: 'sms', id: '+34612345678', locale: '' },
    turns: [
      ['español', ['Hola.', '¿Qué quiere hacer?']],
      ['1', 'Por favor, cuénteme qué pasó.'],
      ['Me cobraron dos veces', '¿Sobre qué es su queja?'],
      ['dos', '¿Cuándo pasó?'],
      ['ayer', '¿Qué lo arreglaría para usted?'],
      ['Que me devuelvan el dinero', ['¿Cómo le mantenemos informado?', '[Por SMS a este número | Un número de teléfono | Un correo electrónico]']],
      ['1', ['Tema: Facturación', 'Cuándo: 25 de marzo de 2026', 'Avisos: por SMS a este número']],
      ['1', 'Gracias. Su queja está registrada.'],
    ],
    after: (desk) => {
      expect(desk.filed[0]).toMatchObject({
        requester: { key: 'sms:+34612345678', channel: 'sms' },
        contact: { kind: 'phone', value: '+34612345678' },
        language: 'es',
        category: 'billing',
        occurredOn: '2026-03-25',
      });
    },
  },
  {
    name: 'SMS in English: "this number", and a national phone number read in the texter\'s country',
    options: { channel: 'sms', id: '+447400123456', locale: '' },
    turns: [
      ['Hi', [ASK.menuFirst, MENU_SMS]],
      ['1', ASK.describe],
      ['Rude staff', ASK.category],
      ['3', ASK.occurred],
      ['3 March', ASK.remedy],
      ['An apology', [ASK.contact, CONTACT_SMS]],
      ['2', ASK.phone],
      ['07812 345678', [ASK.consent, YES_NO]],
      ['1', 'Updates: by phone to +447812345678'],
      ['Change how we contact you', [ASK.contact, CONTACT_SMS]],
      ['By text to this number', ['Updates: by text to this number', ASK.review]],
      ['send', SENT],
    ],
    after: (desk) => {
      expect(desk.filed[0]).toMatchObject({ contact: { kind: 'phone', value: '+447400123456' }, occurredOn: '2026-03-03' });
    },
  },
  {
    name: 'SMS from a range libphonenumber does not know: this number is taken, typed as such too',
    options: { channel: 'sms', id: '+447700900123', locale: '' },
    turns: [
      ['Hi', ASK.menuFirst],
      ['1', ASK.describe],
      ['Rude staff', ASK.category],
      ['3', ASK.occurred],
      ['3 March', ASK.remedy],
      ['An apology', [ASK.contact, CONTACT_SMS]],
      ['2', ASK.phone],
      ['07700 900123', [ASK.consent, YES_NO]],
      ['1', ['Updates: by text to this number', ASK.review]],
      ['send', [SENT, { not: 'could not use' }]],
      ['Make a complaint', ASK.describe],
      ['Rude staff again', ASK.category],
      ['3', ASK.occurred],
      ['3 March', ASK.remedy],
      ['An apology', ASK.contact],
      ['1', ['Updates: by text to this number', ASK.review]],
      ['send', [SENT, { not: 'could not use' }]],
    ],
    after: (desk) => {
      expect(desk.filed.map((f) => f.contact)).toEqual([
        { kind: 'phone', value: '+447700900123' },
        { kind: 'phone', value: '+447700900123' },
      ]);
    },
  },
  {
    name: 'correcting every answer at the summary re-asks only that answer',
    turns: [
      ...TO_SUMMARY,
      ['Change the topic', [ASK.category, CATEGORIES]],
      ['Billing', ['About: Billing', 'What happened: My parcel never came', ASK.review, { not: ASK.occurred }]],
      ['Change what happened', ASK.describe],
      ['I was charged twice', ['What happened: I was charged twice', 'About: Billing', ASK.review]],
      ['change the date', ASK.occurred],
      ["I don't know", ['When: not known', ASK.review]],
      ['Change what would put it right', ASK.remedy],
      ['dont know', ['To put it right: not known', ASK.review]],
      ['Change how we contact you', ASK.contact],
      ['A phone number', ASK.phone],
      ['+44 7911 123456', ASK.consent],
      ['yes', ['Updates: by phone to +447911123456', ASK.review]],
      ['Send it', SENT],
    ],
    after: (desk) => {
      expect(desk.filed).toEqual([
        expect.objectContaining({
          category: 'billing',
          description: 'I was charged twice',
          occurredOn: undefined,
          remedySought: undefined,
          contact: { kind: 'phone', value: '+447911123456' },
        }),
      ]);
    },
  },
  {
    name: 'cancel at the summary sends nothing',
    turns: [...TO_SUMMARY, ['7', ['Your complaint was not sent, so no one will look into it.', ASK.menuAgain, MENU]]],
    after: (desk) => expect(desk.filed).toEqual([]),
  },
  {
    name: 're-prompts: empty and too long descriptions',
    turns: [
      ...START,
      ['', ['Please tell me what happened, in your own words.', { not: ASK.category }]],
      ['   ', 'Please tell me what happened, in your own words.'],
      ['x'.repeat(5001), ['That is too long for me. It has 5001 characters, and I can take 5000. Please shorten it.', { not: ASK.category }]],
      ['y'.repeat(5000), ASK.category],
    ],
  },
  {
    name: 're-prompts: a topic that is not one of the choices, when changing the topic',
    turns: [
      ...TO_SUMMARY,
      ['Change the topic', ASK.category],
      ['bananas', ['Please choose the one that fits best.', CATEGORIES, { not: 'added' }]],
      ['two', ['About: Billing', 'What happened: My parcel never came', ASK.review]],
    ],
  },
  {
    name: 'right after the story, what is not a topic is more of the story, and the topic is asked again',
    turns: [
      ...START,
      ['Parcel lost', [ASK.category, { not: 'up to' }]],
      ['bananas', ['I have added that to what happened. If there is more, send it too.', CATEGORIES, { not: ASK.occurred }]],
      ['two', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['In this chat', 'What happened: Parcel lost\n\nbananas'],
    ],
  },
  {
    name: 're-prompts: unclear, future and empty dates',
    turns: [
      ...START,
      ['Parcel lost', ASK.category],
      ['Delivery', ASK.occurred],
      ['purple', 'Sorry, I did not understand that date. Please try a date like 3 March, or yesterday, or say I don\'t know.'],
      ['tomorrow', 'That date is in the future. Please tell me when it happened.'],
      ['next week', 'That date is in the future.'],
      ['', "Please tell me when it happened, or say I don't know."],
      ['no idea', ASK.remedy],
    ],
    after: (desk) => expect(desk.filed).toEqual([]),
  },
  {
    name: 're-prompts: empty and too long remedies',
    turns: [
      ...START,
      ['Parcel lost', ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['', "Please tell me what would put it right, or say I don't know."],
      ['z'.repeat(501), 'That is too long for me. Please use fewer than 500 characters.'],
      ['A refund', ASK.contact],
    ],
  },
  {
    name: 're-prompts: bad phone number, bad email address, unclear consent',
    turns: [
      ...TO_SUMMARY.slice(0, -1),
      ['carrier pigeon', ['Please choose how we should keep you updated.', CONTACT_WEBCHAT]],
      ['A phone number', ASK.phone],
      ['12345', 'That does not look like a phone number. Please type it with the country code, like +44 7911 123456.'],
      ['', 'That does not look like a phone number.'],
      ['Change how we contact you', 'That does not look like a phone number.'],
      ['+44 7911 123456', ASK.consent],
      ['maybe', ['Please answer yes or no.', YES_NO]],
      ['no', ['That is fine. We can update you in this chat instead. Or choose another way.', CONTACT_WEBCHAT]],
      ['An email address', ASK.email],
      ['sam@', 'That does not look like an email address. Please type it like name@example.com.'],
      ['sam@example.com', ASK.consent],
      ['sí', ['Updates: by email to sam@example.com', ASK.review]],
    ],
  },
  {
    name: 're-prompts: a choice at the summary that is not one',
    turns: [...TO_SUMMARY, ['hmm', ['Please choose what to do with your complaint.', REVIEW]], ['the date', ASK.occurred]],
  },
  {
    name: 'a number inside a sentence at the summary is not a choice, and nothing is filed',
    turns: [
      ...TO_SUMMARY,
      ['hang on, I want to change 1 thing', ['Please choose what to do with your complaint.', REVIEW, { not: SENT }]],
      ['I want 7 of them changed', ['Please choose what to do with your complaint.', { not: 'not sent' }]],
      ['1 please', SENT],
    ],
    after: (desk) => expect(desk.filed).toHaveLength(1),
  },
  {
    name: 'a number inside a sentence at the topic question is not a topic',
    turns: [
      ...START,
      ['I was charged for things I never got', ASK.category],
      ['it is about the 3 extra charges', ['I have added that to what happened.', CATEGORIES, { not: ASK.occurred }]],
      ['the second one', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['In this chat', 'About: Billing'],
    ],
  },
  {
    name: 'a label inside a longer sentence is not a choice; a label with please is',
    turns: [
      ...START,
      ['Parcel lost', ASK.category],
      ['not delivery, something else', ['I have added that to what happened.', { not: ASK.occurred }]],
      ['Delivery please', ASK.occurred],
    ],
  },
  {
    name: 'yes at "Shall I send it?" sends it',
    turns: [...TO_SUMMARY, ['yes', SENT]],
    after: (desk) => expect(desk.filed).toHaveLength(1),
  },
  {
    name: 'sí at "¿La envío?" sends it',
    options: { locale: 'es-ES' },
    turns: [
      [OPENS_CHAT, '¿Qué quiere hacer?'],
      ['Poner una queja', 'Por favor, cuénteme qué pasó.'],
      ['No llegó el paquete', '¿Sobre qué es su queja?'],
      ['Entrega', '¿Cuándo pasó?'],
      ['ayer', '¿Qué lo arreglaría para usted?'],
      ['No sé', '¿Cómo le mantenemos informado?'],
      ['En este chat', '¿La envío?'],
      ['sí', 'Gracias. Su queja está registrada.'],
    ],
    after: (desk) => expect(desk.filed).toHaveLength(1),
  },
  {
    name: 'a contact the core refuses is asked for again, then the summary comes back',
    before: (desk) => {
      desk.refuseNext = new DomainError('invalid', 'validation_failed', 'Invalid contact.value.', {
        fields: [{ field: 'contact.value', message: 'is not a web chat conversation id' }],
      });
    },
    turns: [
      ...TO_SUMMARY,
      ['Send it', ['Sorry, we could not use those contact details. Please give them again.', ASK.contact, { not: SENT }]],
      ['An email address', ASK.email],
      ['sam@example.com', ASK.consent],
      ['yes', ['Updates: by email to sam@example.com', ASK.review]],
      ['Send it', SENT],
    ],
    after: (desk) => expect(desk.filed).toEqual([expect.objectContaining({ contact: { kind: 'email', value: 'sam@example.com' } })]),
  },
  {
    name: 'a refusal naming another answer asks that one again',
    before: (desk) => {
      desk.refuseNext = new DomainError('invalid', 'validation_failed', 'Invalid category.', {
        fields: [{ field: 'category', message: 'must be one of delivery, billing' }],
      });
    },
    turns: [...TO_SUMMARY, ['Send it', ['Sorry, we could not use one of your answers.', ASK.category]], ['Billing', ASK.review], ['Send it', SENT]],
  },
  {
    name: 'a very long description is shortened in the summary, and filed whole',
    turns: [
      ...START,
      [`${'a'.repeat(299)} ${'b'.repeat(700)}`, ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['In this chat', [`What happened: ${'a'.repeat(299)}...`, { not: 'bbb' }]],
      ['Send it', SENT],
    ],
    after: (desk) => expect(desk.filed[0].description).toHaveLength(1000),
  },
];

describe(IntakeDialog.name, () => {
  it.each(conversations)('$name', async ({ options, before, turns, after }) => {
    const { desk, chat } = setUp();
    before?.(desk);
    await chat(options).play(turns);
    after?.(desk);
  });

  it('tells the reference the desk gave, and remembers it for a hand-off', async () => {
    const { desk, chat } = setUp();
    const conversation = chat();
    await conversation.play([...TO_SUMMARY, ['Send it', SENT]]);
    const [reference] = await desk.casesOf({ key: 'webchat:conversation-1', channel: 'webchat' });
    const said = conversation.transcript.map((a) => a.text).join('\n');
    expect(said).toContain(`Your reference is ${reference}.`);
    await conversation.play([['talk to a person', `A person will contact you about complaint ${reference}.`]]);
    expect(desk.handOffs).toEqual([{ requester: { key: 'webchat:conversation-1', channel: 'webchat' }, asked: reference, reference }]);
  });
});
