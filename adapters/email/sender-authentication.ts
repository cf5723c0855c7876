/** One header line as the mail parser keeps it: its name in lower case, and the whole line as received. */
export interface HeaderLine {
  key: string;
  line: string;
}

export interface SenderEvidence {
  /** The address in From, lower case: who the email claims to be from. */
  from: string;
  /** The envelope sender Mailgun received the email from (its `sender` field); absent when not posted. */
  envelopeSender?: string;
  headerLines: readonly HeaderLine[];
}

/** Whether Mailgun's checks show the From address was not forged, and in words why (for the log and staff). */
export interface SenderAuthentication {
  authenticated: boolean;
  why: string;
}

/**
 * Mailgun checks every email it receives and adds its verdicts to the top of the message it forwards:
 * `X-Mailgun-Dkim-Check-Result: Pass|Fail` and `X-Mailgun-Spf: Pass|Neutral|Fail|SoftFail`. A verdict says only that
 * some domain vouched for the email, so each is taken only when that domain is the From address's own (or a parent of
 * it): DKIM when every `DKIM-Signature` is by such a domain (`d=`), SPF when the envelope sender's domain is such a
 * domain. A verdict header that appears more than once is no verdict: a sender can write any header into the message
 * below the one Mailgun adds, so a second copy means one of them is forged.
 */
export function senderAuthentication(evidence: SenderEvidence): SenderAuthentication {
  const fromDomain = domainOf(evidence.from);
  if (!fromDomain) return { authenticated: false, why: 'the From address has no domain' };
  const dkim = verdict(evidence.headerLines, 'x-mailgun-dkim-check-result');
  const spf = verdict(evidence.headerLines, 'x-mailgun-spf');
  if (dkim === 'repeated' || spf === 'repeated') return { authenticated: false, why: 'a Mailgun verdict header appears more than once' };
  const signers = evidence.headerLines.filter((header) => header.key === 'dkim-signature').map((header) => signingDomain(header.line));
  if (dkim === 'pass' && signers.length > 0 && signers.every((signer) => signer !== undefined && aligned(fromDomain, signer))) {
    return { authenticated: true, why: `DKIM passed for ${fromDomain}` };
  }
  const envelopeDomain = evidence.envelopeSender ? domainOf(evidence.envelopeSender) : undefined;
  if (spf === 'pass' && envelopeDomain && aligned(fromDomain, envelopeDomain)) {
    return { authenticated: true, why: `SPF passed for ${envelopeDomain}` };
  }
  return {
    authenticated: false,
    why: `neither DKIM (${dkim ?? 'no verdict'}) nor SPF (${spf ?? 'no verdict'}) passed for the From domain ${fromDomain}`,
  };
}

function verdict(lines: readonly HeaderLine[], name: string): string | 'repeated' | undefined {
  const found = lines.filter((header) => header.key === name);
  if (found.length > 1) return 'repeated';
  if (found.length === 0) return undefined;
  return found[0].line.slice(found[0].line.indexOf(':') + 1).trim().toLowerCase() || undefined;
}

function signingDomain(line: string): string | undefined {
  const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
  return /(?:^|[;:\s])d=\s*([^;\s]+)/i.exec(unfolded.slice(unfolded.indexOf(':') + 1))?.[1]?.toLowerCase().replace(/\.$/, '');
}

function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1).trim().toLowerCase().replace(/>$/, '').replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : undefined;
}

/** The From domain is the vouching domain or under it: mail.example.org is vouched for by example.org. */
function aligned(fromDomain: string, vouching: string): boolean {
  return vouching.includes('.') && (fromDomain === vouching || fromDomain.endsWith(`.${vouching}`));
}
