import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;
export type Route =
  | string
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer; type?: string }
  | RouteHandler;

export interface TestSite {
  /** http://host:port (no trailing slash) */
  origin: string;
  url(path: string): string;
  /** Requests seen, as "METHOD /path?query". */
  requests: string[];
  hits(path: string, method?: string): number;
  close(): Promise<void>;
}

/**
 * A tiny site on a loopback address, built from a route table: a string is an HTML page (200),
 * an object sets status/headers/body, a function handles the request itself. Unknown paths get
 * the `*` route when there is one, else a 404.
 */
export async function startSite(
  routeTable: Record<string, Route> | ((origin: string) => Record<string, Route>),
  host = '127.0.0.1',
): Promise<TestSite> {
  const requests: string[] = [];
  let routes: Record<string, Route> = typeof routeTable === 'function' ? {} : routeTable;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = req.url ?? '/';
    const route = routes[path] ?? routes[path.split('?')[0] ?? path] ?? routes['*'];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    if (typeof route === 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : route);
      return;
    }
    const headers = { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers };
    res.writeHead(route.status ?? 200, headers);
    res.end(req.method === 'HEAD' ? undefined : route.body ?? '');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  if (typeof routeTable === 'function') routes = routeTable(origin);
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    hits: (path, method) => requests.filter((r) => r === `${method ?? r.split(' ')[0]} ${path}`).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTML page with the given body (and a title). */
export function page(body: string, title = 'Test page'): string {
  return `<!doctype html>\n<html><head><title>${title}</title></head>\n<body>\n${body}\n</body></html>\n`;
}
