/**
 * What a browser does with the report page's cookies, over real HTTP: keeps what Set-Cookie sets (by name, cleared by
 * an expired one), sends them back, and follows no redirect by itself so that a test sees each one.
 */
export class StaffBrowser {
  readonly cookies = new Map<string, string>();
  /** Each Set-Cookie header received, as sent, most recent last. */
  readonly setCookies: string[] = [];

  constructor(private readonly baseUrl: string) {}

  async get(pathOrUrl: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send('GET', pathOrUrl, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.send('POST', path, new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** The value of the sign-in form's hidden token on a page. */
  static formToken(html: string): string {
    const token = /name="token" value="([^"]+)"/u.exec(html)?.[1];
    if (!token) throw new Error('The page has no form token');
    return token;
  }

  /** Signs in with a staff key through the form, as a person would: open the form, then post it. */
  async signInWithKey(key: string): Promise<Page> {
    const form = await this.get('/reports/sign-in');
    return this.post('/reports/sign-in', { token: StaffBrowser.formToken(form.text), key });
  }

  private async send(method: string, pathOrUrl: string, body: string | undefined, headers: Record<string, string>): Promise<Page> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : this.baseUrl + pathOrUrl;
    const sameSite = url.startsWith(this.baseUrl);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { method, body, redirect: 'manual', headers: { ...(sameSite && cookie ? { cookie } : {}), ...headers } });
    if (sameSite) {
      for (const header of response.headers.getSetCookie()) {
        this.setCookies.push(header);
        const [pair] = header.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (/expires=Thu, 01 Jan 1970/iu.test(header) || value === '') this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return { status: response.status, location: response.headers.get('location'), headers: response.headers, text: await response.text() };
  }
}

export interface Page {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}
