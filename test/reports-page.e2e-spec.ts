import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffApiKeys } from '../src/staff-keys/staff-api-keys.js';
import { dialects } from './support/databases.js';
import { StaffBrowser } from './support/staff-browser.js';
import { STAFF_KEY, startApp, type RunningApp } from './support/test-app.js';

const SESSION = 'redress_reports_session';
const supervisor = { 'x-staff-id': 'U-SUP', 'x-staff-role': 'supervisor' };

/** The text a reader sees in a cell or paragraph, without the markup around it. */
const words = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe.each(dialects())('the staff report page with key sign-in, on %s', (dialect) => {
  let server: RunningApp;
  let keys: StaffApiKeys;

  beforeAll(async () => {
    // Monday 2 March 2026; the default code promises an acknowledgement within one business day.
    server = await startApp(dialect, { INDICATORS_MINIMUM_COUNT: '2' }, '2026-03-02T10:00:00.000Z');
    keys = server.app.get(StaffApiKeys);
    const file = async (category: string, acknowledge: boolean) => {
      const response = await server.request('POST', '/api/complaints', {
        body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category, description: 'The parcel never came.', acknowledge },
      });
      expect(response.status).toBe(201);
      return response.body.reference as string;
    };
    await file('delivery', true);
    const withdrawn = await file('delivery', false);
    await file('billing', false);
    server.clock.set('2026-03-02T11:00:00.000Z');
    expect((await server.request('POST', `/api/complaints/${withdrawn}/actions`, { body: { action: 'withdraw', reason: 'Sorted out' }, headers: supervisor })).status).toBe(200);
    // a week later the third is still not acknowledged
    server.clock.set('2026-03-09T10:00:00.000Z');
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('sends a browser without a session to the sign-in page and shows none of the figures', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    for (const path of ['/reports', '/reports?from=2026-01&to=2026-03', '/reports/promises.csv', '/reports/complaints.csv']) {
      const page = await browser.get(path);
      expect({ path, status: page.status, location: page.location }).toEqual({ path, status: 303, location: '/reports/sign-in' });
      expect(page.text).not.toMatch(/complaints? received|delivery|acknowledge/iu);
    }
    // a made-up session cookie is no session
    const forged = await browser.get('/reports', { cookie: `${SESSION}=${'A'.repeat(43)}` });
    expect(forged).toMatchObject({ status: 303, location: '/reports/sign-in?ended=1' });
  });

  it('refuses a wrong key with a clear message and no session, and a form that did not come from the page', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    const form = await browser.get('/reports/sign-in');
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(form.text).toContain('<label for="key">Staff key');
    expect(form.text).not.toContain('Sign in with Slack');

    const wrong = await browser.post('/reports/sign-in', { token: StaffBrowser.formToken(form.text), key: 'rk_aaaaaaaaaaaa_' + 'b'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(words(wrong.text)).toContain('That staff key is not valid: it may be mistyped, or revoked.');
    expect(browser.cookies.has(SESSION)).toBe(false);

    // Another site's form has no token that matches this browser's cookie.
    const forged = await new StaffBrowser(server.baseUrl).post('/reports/sign-in', { token: 'x'.repeat(43), key: STAFF_KEY });
    expect(forged.status).toBe(403);
    expect(words(forged.text)).toContain('This sign-in form had expired or came from another site.');
    const crossSite = await browser.post('/reports/sign-in', { token: StaffBrowser.formToken(wrong.text), key: STAFF_KEY }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(browser.cookies.has(SESSION)).toBe(false);
  });

  it('signs a personal key in with an HttpOnly, SameSite cookie and shows the figures of the fixed data set', async () => {
    const { token } = await keys.create('U-PRIYA', 'supervisor', server.clock.now());
    const browser = new StaffBrowser(server.baseUrl);
    const signedIn = await browser.signInWithKey(token);
    expect(signedIn).toMatchObject({ status: 303, location: '/reports' });
    const cookie = browser.setCookies.find((header) => header.startsWith(`${SESSION}=`)) as string;
    expect(cookie).toMatch(/; HttpOnly/u);
    expect(cookie).toMatch(/; SameSite=Lax/u);
    expect(cookie).toMatch(/; Path=\/(;|$)/u);
    // served over plain http here, so not Secure (REPORTS_SECURE_COOKIES or an https PUBLIC_URL turns it on)
    expect(cookie).not.toMatch(/Secure/u);

    const page = await browser.get('/reports?from=2026-01&to=2026-03');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = words(page.text);
    expect(text).toContain('Signed in as U-PRIYA (supervisor)');
    expect(text).toContain('3 complaints received from Jan 2026 to Mar 2026.');
    // by month: none in January and February, three in March
    expect(text).toMatch(/Jan 2026 0 Feb 2026 0 Mar 2026 3/u);
    expect(text).toContain('Delivery 2 67%');
    expect(text).toContain('Billing 1 33%');
    expect(text).toContain('Not closed yet 3 100%');
    expect(text).toContain('Withdrawn by the customer, of those received 33% (95% CI 6–79%, n = 3)');
    expect(text).toContain('Reopened, of those closed or withdrawn not enough data (1 of at least 2)');
    // acknowledged at once; withdrawn before it was due (not applicable); never acknowledged (missed)
    expect(text).toMatch(/50% \(95% CI 9–91%, n = 2\) 1 1 0 1/u);
    expect(text).toContain('Mar 2026 50% of 2');
    expect(text).toContain('None recorded 3 100%');
    expect(text).toContain('Time to acknowledge not enough data (1 of at least 2)');
    expect(text).toContain('No survey was sent about the complaints of this period.');
    // the satisfaction trend sets the survey beside the deadlines met, month by month
    expect(page.text).toContain('Deadlines met on time: Jan 2026 none; Feb 2026 none; Mar 2026 50% of 2.');
    expect(text).toContain('Mar 2026 not enough data (0) not enough data (0) not enough data (0) not enough data (0 of at least 2) not enough data (0 of at least 2)');
    // every chart is an SVG drawn on the server, with words for it, and the page runs no script
    expect(page.text.match(/<svg/gu)?.length).toBeGreaterThanOrEqual(4);
    expect(page.text).toContain('role="img" aria-label="Pareto chart of the root causes');
    expect(page.text).not.toContain('<script');
    expect(page.text).toContain('href="/reports/promises.csv?from=2026-01&amp;to=2026-03"');
  });

  it('filters by category and channel, and names a bad month beside the form', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    await browser.signInWithKey(STAFF_KEY);
    const billing = await browser.get('/reports?from=2026-03&to=2026-03&category=billing&channel=api');
    expect(billing.status).toBe(200);
    expect(words(billing.text)).toContain('1 complaint received from Mar 2026 to Mar 2026.');
    expect(billing.text).toContain('<option value="billing" selected>');
    expect(words(billing.text)).toContain('Signed in as the shared staff key');

    const bad = await browser.get('/reports?from=2026-13');
    expect(bad.status).toBe(400);
    expect(words(bad.text)).toContain('There is a problem');
    expect(words(bad.text)).toContain('Enter the first month as a year and month, such as 2026-01.');
    expect(bad.text).toContain('aria-invalid="true" aria-describedby="from-error"');
  });

  it('downloads the CSV files through the session, with the same figures as the staff API', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    await browser.signInWithKey(STAFF_KEY);
    const csv = await browser.get('/reports/promises.csv?from=2026-03&to=2026-03');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="promises-2026-03-to-2026-03.csv"');
    expect(csv.text).toContain('all,acknowledge,3,1,1,0,1,0.5,0.0945,0.9055');
    expect(csv.text).toContain('2026-03,acknowledge,3,1,1,0,1,0.5,0.0945,0.9055');
    const complaints = await browser.get('/reports/complaints.csv?category=delivery');
    expect(complaints.text).toMatch(/^received,all,(,)?,2,/mu);
    expect(complaints.text).toContain('volume_by_category,2026-03,delivery,');
    for (const name of ['satisfaction', 'disputes']) expect((await browser.get(`/reports/${name}.csv`)).status).toBe(200);
    expect((await browser.get('/reports/disputes.csv?to=soon')).status).toBe(400);
  });

  it('signs out: the cookie is cleared and the old session no longer works', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    await browser.signInWithKey(STAFF_KEY);
    const session = browser.cookies.get(SESSION) as string;
    const page = await browser.get('/reports');
    const forged = await browser.post('/reports/sign-out', { token: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect((await browser.get('/reports')).status).toBe(200);

    const out = await browser.post('/reports/sign-out', { token: StaffBrowser.formToken(page.text) });
    expect(out).toMatchObject({ status: 303, location: '/reports/sign-in?signed_out=1' });
    expect(browser.cookies.has(SESSION)).toBe(false);
    expect(words((await browser.get('/reports/sign-in?signed_out=1')).text)).toContain('You have signed out.');
    const replayed = await browser.get('/reports', { cookie: `${SESSION}=${session}` });
    expect(replayed).toMatchObject({ status: 303, location: '/reports/sign-in?ended=1' });
  });

  it('ends a session idle for eight hours, and any session a day after signing in', async () => {
    const start = server.clock.now();
    try {
      const idle = new StaffBrowser(server.baseUrl);
      await idle.signInWithKey(STAFF_KEY);
      const busy = new StaffBrowser(server.baseUrl);
      await busy.signInWithKey(STAFF_KEY);
      const at = (hours: number) => server.clock.set(new Date(start.getTime() + hours * 3_600_000).toISOString());

      at(7.9);
      expect((await busy.get('/reports')).status).toBe(200);
      at(8.1);
      expect(await idle.get('/reports')).toMatchObject({ status: 303, location: '/reports/sign-in?ended=1' });
      expect(words((await idle.get('/reports/sign-in?ended=1')).text)).toContain('Your session has ended.');
      for (const hours of [15, 22, 23.9]) {
        at(hours);
        expect((await busy.get('/reports')).status).toBe(200);
      }
      at(24.1);
      expect(await busy.get('/reports')).toMatchObject({ status: 303, location: '/reports/sign-in?ended=1' });
    } finally {
      server.clock.set(start.toISOString());
    }
  });

  it('stops the session of a personal key as soon as the key is revoked', async () => {
    const { id, token } = await keys.create('U-SAM', 'handler', server.clock.now());
    const browser = new StaffBrowser(server.baseUrl);
    await browser.signInWithKey(token);
    expect(words((await browser.get('/reports')).text)).toContain('Signed in as U-SAM (handler)');
    expect(await keys.revoke(id, server.clock.now())).toBe(true);
    expect(await browser.get('/reports')).toMatchObject({ status: 303, location: '/reports/sign-in?ended=1' });
    const again = await browser.signInWithKey(token);
    expect(again.status).toBe(401);
  });

  // Last: it leaves this address barred from signing in for a quarter of an hour.
  it('bars an address that tried ten wrong keys, even with the right key, and says for how long', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    // Earlier tests tried a wrong key or two from 127.0.0.1 as well: ten in all bar it.
    let tried = 0;
    while (tried < 10 && (await browser.signInWithKey(`wrong-key-${tried}`)).status === 401) tried++;
    expect(tried).toBeGreaterThanOrEqual(8);
    const barred = await browser.signInWithKey(STAFF_KEY);
    expect(barred.status).toBe(429);
    expect(Number(barred.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(words(barred.text)).toMatch(/Too many wrong keys were tried from here. Try again in \d+ minutes?\./u);
    expect(browser.cookies.has(SESSION)).toBe(false);
  });
});
