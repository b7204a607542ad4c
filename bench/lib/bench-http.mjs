// node:http plumbing shared by the bench servers: keep-alive settings, listening, small helpers.
import { Buffer } from 'node:buffer';
import http from 'node:http';

/**
 * @param {http.RequestListener} handler
 * @returns {http.Server}
 */
export function createKeepAliveServer(handler) {
  const server = http.createServer({ keepAlive: true, noDelay: true }, handler);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  server.maxRequestsPerSocket = 0;
  return server;
}

/**
 * @param {http.Server} server
 * @param {string} host
 * @param {number} port 0 for any free port.
 * @returns {Promise<number>} The port bound.
 */
export function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    const onError = (/** @type {Error} */ err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

/**
 * Binds several servers to consecutive loopback addresses, on the same port when it is free there.
 * @param {http.Server[]} servers
 * @param {string[]} hosts
 * @param {number} port
 * @returns {Promise<string[]>} One origin per server.
 */
export async function listenOnHosts(servers, hosts, port) {
  const origins = [];
  let wanted = port;
  for (let k = 0; k < servers.length; k++) {
    const server = /** @type {http.Server} */ (servers[k]);
    const host = /** @type {string} */ (hosts[k]);
    let bound;
    try {
      bound = await listen(server, host, wanted);
    } catch {
      bound = await listen(server, host, 0);
    }
    if (k === 0) wanted = bound;
    origins.push(`http://${host}:${bound}`);
  }
  return origins;
}

/**
 * Stops every server when the parent sends SIGTERM/SIGINT, so the runner can end the child cleanly.
 * @param {http.Server[]} servers
 */
export function closeOnSignal(servers) {
  const stop = () => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} contentType
 * @param {string | Uint8Array} body
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, contentType, body, headers = {}) {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    ...headers,
  });
  res.end(body);
}
