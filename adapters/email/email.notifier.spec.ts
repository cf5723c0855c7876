import { describe, expect, it } from '@jest/globals';
import type { Transporter } from 'nodemailer';
import { Messages } from '../../dialogs/messages/messages.js';
import { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import type { OutboxMessageRepository } from '../../src/notifications/outbox-message.repository.js';
import { messagePayload, STAFF_REPLY_KEY } from '../../src/notifications/rendering/message-payload.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { EmailNotifier } from './email.notifier.js';

/** A notifier over a transport that records what it is handed, and an outbox that records what it is told. */
function harness() {
  const sent: { messageId?: string; subject?: string }[] = [];
  const recorded: [string, string][] = [];
  const transport = { sendMail: async (mail: { messageId?: string; subject?: string }) => void sent.push(mail) } as unknown as Transporter;
  const outboxMessages = {
    sentAbout: async () => [],
    recordProviderId: async (id: string, providerId: string) => void recorded.push([id, providerId]),
  } as unknown as OutboxMessageRepository;
  const notifier = new EmailNotifier({
    transport,
    from: 'complaints@example.org',
    replyTo: 'complaints@example.org',
    organisation: 'Example Ltd',
    messages: new Messages(),
    outboxMessages,
    repliesReachUs: true,
    renderer: new MessageRenderer(),
  });
  return { notifier, sent, recorded };
}

const message = (providerId: string | null) =>
  Object.assign(new OutboxMessageRecord(), {
    id: '0b4c5f9e-4a63-4e55-9d6b-3c1f2a7e8d10',
    reference: '7K4M-9P2Q',
    channel: 'email',
    kind: 'staff_reply',
    recipient: { address: 'sam@example.org' },
    payload: messagePayload(STAFF_REPLY_KEY, { text: 'Your refund is on its way.', from: 'Priya' }, 'en'),
    attempts: 1,
    providerId,
  });

describe(EmailNotifier.name, () => {
  it('keeps the Message-ID of an email as soon as the SMTP server takes it, before the relay settles it', async () => {
    const { notifier, sent, recorded } = harness();
    const receipt = await notifier.deliver(message(null));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: expect.stringContaining('7K4M-9P2Q') });
    expect(recorded).toEqual([['0b4c5f9e-4a63-4e55-9d6b-3c1f2a7e8d10', receipt.providerId]]);
    expect(receipt.providerId).toBe(sent[0].messageId);
  });

  it('sends nothing again for a message the SMTP server took on a try the relay stopped waiting for', async () => {
    const { notifier, sent, recorded } = harness();
    const taken = '<redress.0b4c5f9e-4a63-4e55-9d6b-3c1f2a7e8d10@example.org>';
    expect(await notifier.deliver(message(taken))).toEqual({ providerId: taken });
    expect(sent).toEqual([]);
    expect(recorded).toEqual([]);
  });
});
