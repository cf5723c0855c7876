import { createServer, type RequestListener, type Server } from 'node:http';

/** A fake of an outside API, listening on 127.0.0.1 only, on a port the system chose. */
export async function listenLocally(handler: RequestListener): Promise<{ server: Server; port: number; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, port, url: `http://127.0.0.1:${port}` };
}

/** Stops a fake at once, dropping the keep-alive connections its clients still hold. */
export async function closeNow(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
