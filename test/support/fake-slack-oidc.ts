import type { IncomingMessage, Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { closeNow, listenLocally } from './local-server.js';

/** Who signs in at the fake's "Slack" page next, and anything wrong the test wants in the id_token. */
export interface SlackUser {
  userId: string;
  teamId: string;
  /** Sign with a key Slack never published (under the same key id), as a forger would. */
  forgeSignature?: boolean;
  /** Put another nonce in the token than the one the sign-in sent. */
  wrongNonce?: boolean;
  /** Put another client id in `aud`. */
  audience?: string;
}

/**
 * Slack's OpenID Connect on 127.0.0.1: `/openid/connect/authorize` signs in `nextUser` at once and sends the browser
 * back with a code; `/api/openid.connect.token` trades a code (once) for an id_token signed RS256 with a key this fake
 * generated; `/openid/connect/keys` publishes that key.
 */
export class FakeSlackOidc {
  nextUser: SlackUser = { userId: 'U0HANDLER', teamId: 'T0REDRESS' };
  /** The query of each authorize request, the form of each token request. */
  readonly authorizations: URLSearchParams[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly codes = new Map<string, { user: SlackUser; nonce: string; redirectUri: string; clientId: string }>();
  private server?: Server;
  private base = '';
  private key!: { privateKey: CryptoKey; jwk: JWK };
  private forger!: CryptoKey;
  private seq = 0;

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    /** The time the tokens are issued at: the server's clock. */
    private readonly now: () => Date,
  ) {}

  /** SLACK_OIDC_URL. */
  get url(): string {
    return this.base;
  }

  /** SLACK_API_URL, where the token endpoint is. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.key = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'fake-slack-1', alg: 'RS256', use: 'sig' } };
    this.forger = (await generateKeyPair('RS256')).privateKey;
    const listening = await listenLocally((request, response) => {
      read(request).then(
        async (body) => {
          const url = new URL(request.url ?? '/', this.base);
          const answer = await this.answer(request.method ?? 'GET', url, body);
          response.writeHead(answer.status, answer.headers);
          response.end(answer.body ?? '');
        },
        () => response.destroy(),
      );
    });
    this.server = listening.server;
    this.base = listening.url;
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  private async answer(method: string, url: URL, body: string): Promise<{ status: number; headers: Record<string, string>; body?: string }> {
    const json = (value: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    if (method === 'GET' && url.pathname === '/openid/connect/keys') return json({ keys: [this.key.jwk] });
    if (method === 'GET' && url.pathname === '/openid/connect/authorize') {
      this.authorizations.push(url.searchParams);
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      const code = `code-${++this.seq}`;
      this.codes.set(code, { user: this.nextUser, nonce: url.searchParams.get('nonce') ?? '', redirectUri, clientId: url.searchParams.get('client_id') ?? '' });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return { status: 302, headers: { location: back.toString() } };
    }
    if (method === 'POST' && url.pathname === '/api/openid.connect.token') {
      const form = new URLSearchParams(body);
      this.tokenRequests.push(form);
      const grant = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!grant || form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret || form.get('redirect_uri') !== grant.redirectUri) {
        return json({ ok: false, error: 'invalid_code' });
      }
      const { user } = grant;
      const issuedAt = Math.floor(this.now().getTime() / 1000);
      const idToken = await new SignJWT({
        'https://slack.com/user_id': user.userId,
        'https://slack.com/team_id': user.teamId,
        nonce: user.wrongNonce ? 'another-nonce' : grant.nonce,
        auth_time: issuedAt,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'fake-slack-1' })
        .setIssuer('https://slack.com')
        .setAudience(user.audience ?? grant.clientId)
        .setSubject(user.userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 300)
        .sign(user.forgeSignature ? this.forger : this.key.privateKey);
      return json({ ok: true, access_token: 'xoxp-fake', token_type: 'Bearer', id_token: idToken });
    }
    return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"ok":false,"error":"unknown_method"}' };
  }
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
