// Counts what a bench server answered, so every tool's crawl can be compared from the server's side.

/**
 * @typedef {object} ServerCounts
 * @property {number} requests All requests except the control endpoint.
 * @property {number} get
 * @property {number} head
 * @property {number} otherMethods
 * @property {number} external Requests to the "external" hosts.
 * @property {number} htmlResponses 200 responses with an HTML body on the site's own host.
 * @property {number} distinctHtmlPages Distinct paths among those.
 * @property {Record<string, number>} byStatus
 * @property {number} serverCpuS CPU seconds the server process has used since it started.
 */

export const CONTROL_PATH = '/__bench/counts';

export class RequestCounter {
  /** @type {Set<string>} */
  #htmlPaths = new Set();
  #requests = 0;
  #get = 0;
  #head = 0;
  #other = 0;
  #external = 0;
  #html = 0;
  /** @type {Map<number, number>} */
  #byStatus = new Map();

  /**
   * @param {string} method
   * @param {boolean} external
   * @param {number} status
   * @param {string} path
   * @param {boolean} html
   */
  record(method, external, status, path, html) {
    this.#requests++;
    if (method === 'GET') this.#get++;
    else if (method === 'HEAD') this.#head++;
    else this.#other++;
    if (external) this.#external++;
    this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
    if (html && status === 200 && !external) {
      this.#html++;
      this.#htmlPaths.add(path);
    }
  }

  /** @returns {ServerCounts} */
  snapshot() {
    return {
      requests: this.#requests,
      get: this.#get,
      head: this.#head,
      otherMethods: this.#other,
      external: this.#external,
      htmlResponses: this.#html,
      distinctHtmlPages: this.#htmlPaths.size,
      byStatus: Object.fromEntries([...this.#byStatus].sort((a, b) => a[0] - b[0])),
      serverCpuS: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    };
  }
}
