import { describe, expect, it } from '@jest/globals';
import type { ComplaintStatus } from '../src/complaints/domain/complaint.js';
import { generateReference, spellReference } from '../src/complaints/domain/reference.js';
import { readReference, StatusDialog } from './status-dialog.js';
import { ASK, MENU, setUp } from './testing/fixtures.js';
import type { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { OPENS_CHAT, TestConversation, type ConversationOptions, type Expectation, type Turn } from './testing/test-conversation.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ELSEWHERE = 'webchat:another-conversation';
const PHONE = '+447400123456';

/** The reference with its first character swapped for another: the check character catches it. */
function typo(reference: string): string {
  const swapped = ALPHABET[(ALPHABET.indexOf(reference[0]) + 1) % ALPHABET.length];
  return swapped + reference.slice(1);
}

interface Scenario {
  name: string;
  options?: ConversationOptions;
  /** Cases on file; `mine` ones were made in this conversation. */
  cases: { mine: boolean; status?: ComplaintStatus; question?: string; outcome?: string; email?: string }[];
  turns: (references: string[]) => Turn[];
  after?: (desk: FakeCustomerDesk, references: string[]) => void;
}

const START: Turn[] = [
  [OPENS_CHAT, ASK.menuFirst],
  ['Check a complaint', ASK.reference],
];
const TRIES_LEFT = 'That did not match what we have. Please check the reference and try again.';

const scenarios: Scenario[] = [
  {
    name: 'the owner picks their complaint from the ones this conversation made',
    cases: [{ mine: true }, { mine: true, status: 'investigating' }],
    turns: ([older, newer]) => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Check a complaint', ['Which complaint? Choose one, or type its reference.', `[${newer} | ${older}]`]],
      [
        '1',
        [
          `Complaint ${newer}. That is ${spellReference(newer)}.`,
          'We are looking into your complaint.',
          'A member of our team is finding out what happened.',
          'We will tell you how it is going by Thursday 9 April.',
          ASK.menuAgain,
          MENU,
        ],
      ],
    ],
    after: (desk, [, newer]) => expect(desk.lookUps).toEqual([{ reference: newer, requester: { key: 'webchat:conversation-1', channel: 'webchat' } }]),
  },
  {
    name: 'the owner types the reference in lower case, with a space and no dash',
    cases: [{ mine: true }],
    turns: ([reference]) => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Check a complaint', `[${reference}]`],
      [reference.toLowerCase().replace('-', ' '), [`Complaint ${reference}.`, 'our team is dealing with it']],
    ],
  },
  {
    name: 'from another conversation: proof needed, wrong proof, then right proof',
    cases: [{ mine: false }],
    turns: ([reference]) => [
      ...START,
      [reference, [`To keep complaints private, ${ASK.proof}`, { not: reference }]],
      ['1234', [TRIES_LEFT, 'Tries left: 2.', ASK.reference, { not: 'our team is dealing with it' }]],
      [reference.replace('-', ''), ASK.proof],
      ['my number ends 3456', [`Complaint ${reference}.`, 'We have received your complaint and our team is dealing with it.']],
    ],
    after: (desk, [reference]) => {
      const requester = { key: 'webchat:conversation-1', channel: 'webchat' };
      expect(desk.lookUps).toEqual([
        { reference, requester },
        { reference, requester, proof: '1234' },
        { reference, requester },
        { reference, requester, proof: 'my number ends 3456' },
      ]);
    },
  },
  {
    name: 'from another conversation, proved with the email address',
    cases: [{ mine: false, email: 'sam@example.com' }],
    turns: ([reference]) => [...START, [reference, ASK.proof], ['SAM@example.com ', `Complaint ${reference}.`]],
  },
  {
    name: 'by text from the number given for updates, no proof needed',
    options: { channel: 'sms', id: PHONE, locale: '' },
    cases: [{ mine: false }],
    turns: ([reference]) => [
      ['hello', ASK.menuFirst],
      ['2', ASK.reference],
      [reference, [`Complaint ${reference}.`, { not: ASK.proof }]],
    ],
  },
  {
    name: 'an unknown reference is answered exactly as a known one made elsewhere',
    cases: [],
    turns: () => [...START, [generateReference(() => 0), [`To keep complaints private, ${ASK.proof}`]], ['1234', [TRIES_LEFT, 'Tries left: 2.']]],
  },
  {
    name: 'too many wrong proofs: try again later, or talk to a person',
    cases: [{ mine: false }],
    turns: ([reference]) => [
      ...START,
      [reference, ASK.proof],
      ['1111', 'Tries left: 2.'],
      [reference, ASK.proof],
      ['2222', 'Tries left: 1.'],
      [reference, ASK.proof],
      [
        '3333',
        [
          'There have been too many tries. Please try again in 15 minutes.',
          'Would you like to talk to a person instead?',
          '[Talk to a person | Not now]',
          { not: 'Tries left' },
        ],
      ],
      ['Talk to a person', ['Thank you. I have asked a person to contact you.', 'They will reply in this chat by 11:00', ASK.menuAgain]],
      ['Check a complaint', ASK.reference],
      [reference, ['There have been too many tries. Please try again in 15 minutes.', { not: ASK.proof }]],
      ['Not now', [ASK.menuAgain, MENU]],
    ],
    after: (desk) => {
      // The reference was never proved, so it must not be where the person is sent.
      expect(desk.handOffs).toEqual([{ requester: { key: 'webchat:conversation-1', channel: 'webchat' }, asked: undefined, reference: null }]);
    },
  },
  {
    name: 're-prompts: empty, mis-shaped and mistyped references',
    cases: [{ mine: false }],
    turns: ([reference]) => [
      ...START,
      ['', 'Please type your complaint reference. It looks like 7K4M-9P2Q.'],
      ['my complaint', 'A reference has 8 letters and numbers, like 7K4M-9P2Q. Please check it.'],
      [typo(reference), "That reference doesn't look right. Please check it."],
      ['9', 'A reference has 8 letters and numbers'],
      [reference, ASK.proof],
    ],
    after: (desk) => expect(desk.lookUps).toHaveLength(1),
  },
  {
    name: 'cancel and talk to a person while asked for proof',
    cases: [{ mine: false }, { mine: true }],
    turns: ([elsewhere, mine]) => [
      [OPENS_CHAT, ASK.menuFirst],
      ['Check a complaint', 'Which complaint?'],
      [elsewhere, ASK.proof],
      ['cancel', ['OK, I have stopped.', ASK.menuAgain]],
      ['Check a complaint', 'Which complaint?'],
      [elsewhere, ASK.proof],
      ['help', ['At any time you can type', ASK.proof]],
      ['talk to a person', [`A person will contact you about complaint ${mine}.`, ASK.menuAgain]],
    ],
    after: (desk, [, mine]) => expect(desk.handOffs.map((h) => h.reference)).toEqual([mine]),
  },
  {
    name: 'in Spanish',
    options: { locale: 'es-MX' },
    cases: [{ mine: true, status: 'awaiting_customer', question: '¿Qué día llegó el paquete?' }],
    turns: ([reference]) => [
      [OPENS_CHAT, '¿Qué quiere hacer?'],
      ['Consultar una queja', ['¿Qué queja? Elija una, o escriba su referencia.', `[${reference}]`]],
      [
        'uno',
        [
          `Queja ${reference}. Es decir: ${spellReference(reference)}.`,
          'Necesitamos una respuesta suya. Nuestra pregunta es: ¿Qué día llegó el paquete?',
          'Seguiremos cuando tengamos su respuesta.',
          'Le diremos cómo va antes del jueves, 9 de abril.',
        ],
      ],
    ],
  },
];

const STAGES: { status: ComplaintStatus; sees: Expectation[]; question?: string; outcome?: string }[] = [
  { status: 'received', sees: ['We have received your complaint.', 'We will check it and tell you who is dealing with it.'] },
  { status: 'acknowledged', sees: ['our team is dealing with it.', 'We are deciding how best to deal with it.'] },
  { status: 'assessed', sees: ['We have looked at your complaint and decided how to deal with it.', 'We will now find out what happened.'] },
  { status: 'investigating', sees: ['We are looking into your complaint.', 'A member of our team is finding out what happened.'] },
  {
    status: 'awaiting_customer',
    question: 'When did it arrive?',
    sees: ['We need an answer from you. Our question is: When did it arrive?', 'We will carry on when we have your answer.'],
  },
  {
    status: 'response_proposed',
    outcome: 'Full refund',
    sees: ['We have sent you our answer: Full refund', 'We are waiting to hear if you accept our answer.'],
  },
  { status: 'resolved', sees: ['Your complaint is resolved.', 'We will close it soon.'] },
  { status: 'unresolved', sees: ['We could not resolve your complaint.', 'You can ask for it to be looked at again: write OPTIONS to see how.'] },
  { status: 'closed', sees: ['Your complaint is closed.', 'There is nothing more for us to do.'] },
  { status: 'withdrawn', sees: ['Your complaint was withdrawn.', 'We are not looking into it any more.'] },
];

function fileCases(desk: FakeCustomerDesk, cases: Scenario['cases']): string[] {
  return cases.map(({ mine, status, question, outcome, email }) =>
    desk.add({
      originKey: mine ? 'webchat:conversation-1' : ELSEWHERE,
      contact: email ? { kind: 'email', value: email } : { kind: 'phone', value: PHONE },
      status,
      question,
      outcome,
    }).reference,
  );
}

describe(StatusDialog.name, () => {
  it.each(scenarios)('$name', async ({ options, cases, turns, after }) => {
    const { desk, chat } = setUp();
    const references = fileCases(desk, cases);
    await chat(options).play(turns(references));
    after?.(desk, references);
  });

  it.each(STAGES)('tells the $status stage in plain words', async ({ status, sees, question, outcome }) => {
    const { desk, bot } = setUp();
    const [reference] = fileCases(desk, [{ mine: true, status, question, outcome }]);
    await new TestConversation(bot).play([...START.slice(0, 1), ['Check a complaint', 'Which complaint?'], [reference, sees]]);
  });

  it('takes the secret code given with the reference from any conversation, as typed', async () => {
    const { desk, chat } = setUp();
    const filed = await desk.fileComplaint({
      requester: { key: ELSEWHERE, channel: 'webchat' },
      contact: { kind: 'webchat', value: 'another-conversation' },
      language: 'en',
      category: 'delivery',
      description: 'Lost',
    });
    const typed = filed.secretCode.toLowerCase().replace('-', ' ');
    await chat().play([...START, [filed.reference, ASK.proof], [typed, [`Complaint ${filed.reference}.`, 'tell you who is dealing with it']]]);
  });

  it('says when many wrong tries on a reference leave only its secret code good, and the code still works', async () => {
    const { desk, chat } = setUp();
    const filed = await desk.fileComplaint({
      requester: { key: ELSEWHERE, channel: 'webchat' },
      contact: { kind: 'phone', value: PHONE },
      language: 'en',
      category: 'delivery',
      description: 'Lost',
    });
    desk.codeOnly.set(filed.reference, 42);
    await chat().play([
      ...START,
      [filed.reference, ASK.proof],
      ['3456', [TRIES_LEFT, 'Tries left: 2.', 'for the next 42 minutes only the secret code that came with it will do.']],
      [filed.reference, ASK.proof],
      [filed.secretCode, `Complaint ${filed.reference}.`],
    ]);
  });

  it('says the same to a stranger whether or not the reference exists', async () => {
    const { desk, chat } = setUp();
    const [known] = fileCases(desk, [{ mine: false }]);
    const replies = async (reference: string, id: string) => {
      const conversation = chat({ id });
      await conversation.play(START);
      return [await conversation.says(reference), await conversation.says('0000')];
    };
    expect(await replies(known, 'stranger-1')).toEqual(await replies(generateReference(() => 7), 'stranger-2'));
  });
});

const VALID = generateReference(() => 5);

describe(readReference.name, () => {
  it('reads a reference typed in lower case with a space', () => {
    expect(readReference(VALID.toLowerCase().replace('-', ' '), [])).toEqual({ ok: true, reference: VALID });
  });

  it.each<[string, string[], ReturnType<typeof readReference>]>([
    ['1', ['7K4M-9P2Q'], { ok: true, reference: '7K4M-9P2Q' }],
    ['2.', ['AAAA-AAAA', '7K4M-9P2Q'], { ok: true, reference: '7K4M-9P2Q' }],
    ['3', ['7K4M-9P2Q'], { ok: false, reason: 'length' }],
    ['two', ['AAAA-AAAA', '7K4M-9P2Q'], { ok: true, reference: '7K4M-9P2Q' }],
    ['la segunda', ['AAAA-AAAA', '7K4M-9P2Q'], { ok: true, reference: '7K4M-9P2Q' }],
    ['9p2x', ['AAAA-AAAA', '7K4M-9P2Q'], { ok: false, reason: 'length' }],
  ])('reads %j offered %j', (answer, offered, read) => {
    expect(readReference(answer, offered)).toEqual(read);
  });
});
