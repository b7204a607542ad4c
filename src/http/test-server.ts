/**
 * Test support for the http tests: named local servers on 127.0.0.1 port 0, an injected DNS and a
 * client factory with test-friendly defaults. Imported only by *.test.ts files.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import { HttpClient, type HttpClientOptions } from './http-client.js';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface TestServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:4312`. */
  url: string;
  port: number;
  /** Method and path of every request received, in order. */
  requests: string[];
  /** TCP connections accepted so far; keep-alive reuse keeps this low. */
  connections: () => number;
  close: () => Promise<void>;
}

export interface TlsMaterial {
  key: string;
  cert: string;
}

export async function startServer(handler: Handler, tls?: TlsMaterial): Promise<TestServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const listener: Handler = (request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    handler(request, response);
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer(tls, listener);
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A failed TLS handshake is the expected outcome of several tests, not a server problem.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free: nothing listens there, so connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** DNS from a table; unknown names fail like getaddrinfo would, with `code` ENOTFOUND or the given one. */
export function tableLookup(table: Record<string, string>, failCode = 'ENOTFOUND'): LookupFunction {
  return (hostname, options, callback) => {
    const address = table[hostname];
    if (address === undefined) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${failCode} ${hostname}`);
      error.code = failCode;
      process.nextTick(() => callback(error, ''));
      return;
    }
    if (options.all === true) process.nextTick(() => callback(null, [{ address, family: 4 }]));
    else process.nextTick(() => callback(null, address, 4));
  };
}

export const noSleep = async (): Promise<void> => undefined;

export function testClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    userAgent: 'dislike404-test',
    timeoutMs: 2000,
    connectTimeoutMs: 1000,
    retries: 0,
    maxRetryAfterMs: 5000,
    insecure: false,
    maxRedirects: 10,
    maxBodyBytes: 1024 * 1024,
    maxUrlLength: 2048,
    sleep: noSleep,
    ...overrides,
  });
}
