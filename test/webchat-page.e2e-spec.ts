import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(60_000);

// The page and its files do not touch the database: SQLite is enough.
describe('the chat page over HTTP', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp('sqlite');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is in Spanish for a browser that prefers Spanish, with both languages\' words for when the chat switches', async () => {
    const spanish = await server.request('GET', '/', { auth: false, headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.8' } });
    expect(spanish.headers.get('vary')).toContain('Accept-Language');
    expect(spanish.text).toMatch(/^<!DOCTYPE html>\n<html lang="es-ES">/);
    expect(spanish.text).toContain('<h1 data-text="heading">Ponga una queja, o consulte una</h1>');
    expect(spanish.text).toContain('Cómo tratamos las quejas: nuestro código de conducta');
    expect(spanish.text).toMatch(/hasta [\d.]+ caracteres/);
    const texts = JSON.parse(/<script type="application\/json" id="chat-texts">([^<]*)<\/script>/.exec(spanish.text)![1]);
    expect(texts.en.heading).toBe('Make a complaint, or check on one');
    expect(texts.es.heading).toBe('Ponga una queja, o consulte una');

    const english = await server.request('GET', '/', { auth: false, headers: { 'accept-language': 'fr-FR,en;q=0.5,es;q=0.4' } });
    expect(english.text).toMatch(/<html lang="en-GB">/);
    expect(english.text).toContain('<h1 data-text="heading">Make a complaint, or check on one</h1>');
  });

  it.each(['/', '/chat'])('serves %s as a page that may only run scripts from this server', async (path) => {
    const response = await server.request('GET', path, { auth: false });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);

    const html = response.text;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<a class="skip-link" href="#main"');
    expect(html).toContain('href="/code-of-conduct"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).toMatch(/<script src="\/webchat\/webchat\.js\?v=4\.18\.1" nonce="[^"]+"><\/script>/);
    // without JavaScript, the other ways to complain (the default code lists an email address)
    expect(html).toMatch(/<noscript>[\s\S]*mailto:complaints@example\.com[\s\S]*<\/noscript>/);

    const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
    expect(policy).toContain(`'nonce-${nonce}'`);
    const again = await server.request('GET', path, { auth: false });
    expect(/nonce="([^"]+)"/.exec(again.text)?.[1]).not.toBe(nonce);
  });

  it('serves the official Web Chat bundle itself, compressed and cacheable', async () => {
    const response = await fetch(`${server.baseUrl}/webchat/webchat.js?v=4.18.1`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('max-age');
    // fetch decompresses as it reads
    const script = await response.text();
    expect(script.length).toBeGreaterThan(1_000_000);
    expect(script).toContain('WebChat');

    const etag = response.headers.get('etag')!;
    const cached = await fetch(`${server.baseUrl}/webchat/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });

  it('serves the script that starts the chat and the stylesheet', async () => {
    const script = await server.request('GET', '/webchat/chat.js', { auth: false });
    expect(script.status).toBe(200);
    expect(script.text).toContain('createDirectLine({');
    expect(script.text).toContain("domain: location.origin + '/v3/directline'");
    expect(script.text).toContain('webSocket: true');
    const styles = await fetch(`${server.baseUrl}/webchat/chat.css`, { headers: { 'accept-encoding': 'gzip' } });
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(styles.headers.get('content-encoding')).toBe('gzip');
    expect(await styles.text()).toContain('.skip-link');
  });

  it('starts a conversation for a page that sends no body at all', async () => {
    const response = await fetch(`${server.baseUrl}/v3/directline/conversations`, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
  });
});
