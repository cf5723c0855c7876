/**
 * fetch, sent once more when it went out on a pooled keep-alive connection that the server had already closed (it
 * restarted): the request never reached a server, and browsers send it again on a fresh connection just so.
 */
export async function fetchAgainOnStaleConnection(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    // fetch's errors come from Node's realm, not the test's, so `instanceof TypeError` would not hold
    const { name, cause } = error as { name?: string; cause?: { code?: string } };
    if (name === 'TypeError' && cause?.code === 'UND_ERR_SOCKET') return fetch(url, init);
    throw error;
  }
}
