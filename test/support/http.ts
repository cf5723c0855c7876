/**
 * fetch, sent once more when it went out on a pooled keep-alive connection that the server had already closed (it
 * restarted): the request never reached a server, and browsers send it again on a fresh connection just so.
 */
export async function fetchAgainOnStaleConnection(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (error instanceof TypeError && (cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET')) return fetch(url, init);
    throw error;
  }
}
