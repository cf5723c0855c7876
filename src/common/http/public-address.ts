/**
 * A page's full address under PUBLIC_URL, keeping any path prefix the public address has (`https://x.org/redress`
 * serves the code of conduct at `https://x.org/redress/code-of-conduct`); `new URL('/page', base)` would drop it.
 */
export function publicPageUrl(publicUrl: string, path: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return new URL(path.replace(/^\/+/u, ''), base).toString();
}
