import { Logger } from '@nestjs/common';
import type { ArrivedFile, EvidenceOrigin } from '../../dialogs/evidence-files.js';

/** Twilio's REST API, where media URLs of incoming messages point. */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/** One media item of an incoming message, as the webhook named it (`MediaUrl{i}`, `MediaContentType{i}`). */
export interface InboundMedia {
  url: string;
  contentType?: string;
}

export interface TwilioMediaSettings {
  accountSid: string;
  authToken: string;
  /** TWILIO_API_URL, where our Twilio API is (a proxy, a local stand-in); Twilio's own when unset. */
  apiUrl?: string;
  /** How long one request may take. */
  timeoutMs: number;
  /**
   * How long fetching one message's media may take in all, tries included: well inside the lease on the message, so
   * that no other instance takes it up meanwhile.
   */
  budgetMs: number;
  /** Waits between tries of a passing failure; one try more than there are waits. */
  retryDelaysMs?: number[];
}

/**
 * Whether a media URL is one of this account's media, on our Twilio API: `…/2010-04-01/Accounts/{AccountSid}/
 * Messages/{MessageSid}/Media/{MediaSid}` and nothing else. Anything else is never fetched, with or without our
 * credentials: the webhook is signed, but a URL we fetch must not depend on that alone.
 */
export function ownMediaUrl(url: string, messageSid: string, settings: Pick<TwilioMediaSettings, 'accountSid' | 'apiUrl'>): boolean {
  let media: URL;
  let api: URL;
  try {
    media = new URL(url);
    api = new URL(settings.apiUrl ?? TWILIO_API_ORIGIN);
  } catch {
    return false;
  }
  if (media.origin !== api.origin || media.username || media.password || media.search || media.hash) return false;
  const base = api.pathname.replace(/\/+$/, '');
  const path = `${base}/2010-04-01/Accounts/${settings.accountSid}/Messages/${messageSid}/Media/`;
  return media.pathname.startsWith(path) && /^ME[0-9a-fA-F]{32}$/.test(media.pathname.slice(path.length));
}

/** A failure worth trying again: Twilio busy or briefly unreachable. */
class PassingFailure extends Error {}

const REDIRECTS_MAX = 3;

/**
 * Fetches the media of an incoming MMS or WhatsApp message from Twilio, with the account's credentials (HTTP Basic),
 * while the stored message is handled rather than while Twilio waits for the webhook's answer.
 *
 * Twilio answers a media URL with a redirect to its media storage; the credentials go only to our Twilio API's
 * origin, never to where a redirect leads, and a redirect may not leave HTTPS. At most `maxBytes` are read: a larger
 * file is dropped as soon as that is known, from its Content-Length or from the bytes as they come.
 */
export class TwilioMedia {
  private readonly logger = new Logger('TwilioMedia');

  constructor(private readonly settings: TwilioMediaSettings) {}

  /** Each media item as a file for the dialogs, keyed `twilio:<MessageSid>:<i>` so a retried message keeps it once. */
  async fetchAll(messageSid: string, media: InboundMedia[], origin: EvidenceOrigin, maxBytes: number): Promise<ArrivedFile[]> {
    const files: ArrivedFile[] = [];
    const deadline = Date.now() + this.settings.budgetMs;
    for (const [index, item] of media.entries()) {
      const base = { sourceKey: `twilio:${messageSid}:${index}`, origin, name: suggestedName(messageSid, index, item.contentType) };
      if (!ownMediaUrl(item.url, messageSid, this.settings)) {
        this.logger.warn({ messageSid, index }, 'A media URL outside this Twilio account was not fetched');
        files.push({ ...base, missing: { reason: 'unavailable' } });
        continue;
      }
      files.push({ ...base, ...(await this.fetchWithRetries(item.url, maxBytes, deadline, messageSid, index)) });
    }
    return files;
  }

  private async fetchWithRetries(
    url: string,
    maxBytes: number,
    deadline: number,
    messageSid: string,
    index: number,
  ): Promise<Pick<ArrivedFile, 'bytes' | 'missing'>> {
    const delays = this.settings.retryDelaysMs ?? [1_000, 3_000];
    for (let attempt = 0; ; attempt++) {
      try {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('No time left to fetch it');
        return await this.fetchOnce(url, maxBytes, Math.min(left, this.settings.timeoutMs));
      } catch (error) {
        const passing = error instanceof PassingFailure;
        const reason = error instanceof Error ? error.message : String(error);
        if (!passing || attempt >= delays.length || Date.now() + delays[attempt] >= deadline) {
          this.logger.warn({ messageSid, index, attempts: attempt + 1, reason }, 'Media of an incoming message could not be fetched');
          return { missing: { reason: 'unavailable' } };
        }
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      }
    }
  }

  private async fetchOnce(url: string, maxBytes: number, timeoutMs: number): Promise<Pick<ArrivedFile, 'bytes' | 'missing'>> {
    const api = new URL(this.settings.apiUrl ?? TWILIO_API_ORIGIN);
    const authorization = `Basic ${Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64')}`;
    let target = new URL(url);
    for (let hop = 0; hop <= REDIRECTS_MAX; hop++) {
      const ours = target.origin === api.origin;
      const response = await fetch(target, {
        redirect: 'manual',
        headers: ours ? { authorization } : {},
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: unknown) => {
        throw new PassingFailure(`Twilio could not be reached: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw permanent(`Redirect ${response.status} without a Location`);
        const next = new URL(location, target);
        // HTTPS stays HTTPS: a redirect to plain HTTP (or anything else) is not followed
        if (next.protocol !== api.protocol) throw permanent(`Redirect to ${next.protocol} not followed`);
        target = next;
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        throw new PassingFailure(`Twilio answered ${response.status}`);
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw permanent(`Twilio answered ${response.status}`);
      }
      return readCapped(response, maxBytes);
    }
    throw permanent('Too many redirects');
  }
}

/** A failure that trying again will not mend: the media is gone, or Twilio sent us somewhere we do not go. */
function permanent(message: string): Error {
  return new Error(message);
}

/** The body, unless it is larger than `maxBytes`: then reading stops there and nothing of it is kept. */
async function readCapped(response: Response, maxBytes: number): Promise<Pick<ArrivedFile, 'bytes' | 'missing'>> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return { missing: { reason: 'too_large', limit: maxBytes } };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        throw new PassingFailure(`The media stopped coming: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { missing: { reason: 'too_large', limit: maxBytes } };
      }
      chunks.push(Buffer.from(value));
    }
  }
  return { bytes: Buffer.concat(chunks, size) };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** Twilio gives media no name: a download name from the message and the declared type (which is only a suggestion). */
function suggestedName(messageSid: string, index: number, contentType: string | undefined): string {
  const extension = EXTENSIONS[(contentType ?? '').split(';')[0].trim().toLowerCase()];
  return `${messageSid}-${index + 1}${extension ? `.${extension}` : ''}`;
}
