/**
 * Waits for work the server does after answering (a dialog turn, the outbox relay) by checking again until the
 * check passes. Nothing is asserted about how long it takes; the tries only bound a test that would never pass.
 */
export async function eventually<T>(check: () => Promise<T>, tries = 400): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw lastError;
}
