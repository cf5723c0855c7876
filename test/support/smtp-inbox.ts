import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually } from './eventually.js';

export interface ReceivedEmail {
  /** RCPT TO addresses. */
  to: string[];
  raw: string;
  parsed: ParsedMail;
  /** A header's value as sent, lower-case name. */
  header(name: string): string | undefined;
}

export const SMTP_USER = 'redress';
export const SMTP_PASSWORD = 'smtp-password-for-tests';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1, standing in for the organisation's mail relay: it
 * takes what Redress sends after a login with the test credentials, and keeps each message, parsed, for the test.
 * `refuse` makes it answer RCPT TO for an address with a status of the test's choosing; `down` makes it answer every
 * one with 451, as a relay that is out of service for a while.
 */
export class SmtpInbox {
  readonly received: ReceivedEmail[] = [];
  readonly refuse = new Map<string, { code: number; message: string }>();
  down = false;
  /** Connections that broke, as a sender killed mid-session breaks them. */
  readonly connectionErrors: Error[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      // plain SMTP on loopback: no certificate to trust
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = this.down ? { code: 451, message: '4.3.2 Service temporarily unavailable' } : this.refuse.get(address.address.toLowerCase());
        if (refusal) callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        else callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.received.push({
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                raw,
                parsed,
                header: (name) => {
                  const value = parsed.headers.get(name.toLowerCase());
                  return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
                },
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    // A sender that dies mid-session (a test kills Redress) resets its connection, and smtp-server reports that as an
    // 'error' event: a relay shrugs it off, where an event without a listener would end the test process.
    this.server.on('error', (error) => this.connectionErrors.push(error));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  /** The SMTP_URL that sends here. */
  get url(): string {
    return `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${this.port}`;
  }

  /** Waits for the `n`th email (1-based) to an address whose subject or text matches. */
  async waitFor(to: string, match: RegExp, n = 1): Promise<ReceivedEmail> {
    return eventually(async () => {
      const found = this.to(to).filter((email) => match.test(email.parsed.subject ?? '') || match.test(email.parsed.text ?? ''));
      if (found.length < n) throw new Error(`No email ${n} to ${to} matching ${match}; got: ${this.to(to).map((e) => e.parsed.subject).join(' | ')}`);
      return found[n - 1];
    }, 1200);
  }

  to(address: string): ReceivedEmail[] {
    return this.received.filter((email) => email.to.includes(address));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
