import { METHODS } from 'node:http';
import type { Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The methods the application answers at this request's path, read from Express's own route table, so that a request
 * with another method can be told 405 and what is allowed instead of a 404 that suggests the path is wrong.
 */
export function methodsAllowedAt(request: Pick<Request, 'app' | 'path'>): string[] {
  const stack = (request.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(request.path)) continue;
    const routeMethods = Object.keys(layer.route.methods);
    // middleware applied to every route (request logging) is mounted for every method: it answers nothing itself
    if (layer.route.methods._all || routeMethods.length >= METHODS.length) continue;
    for (const method of routeMethods) methods.add(method.toUpperCase());
  }
  // Express answers HEAD wherever it answers GET
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
