import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TOOL_VERSION } from '../core/tool-info.js';
import { ScanOptionsError } from '../crawl/scan-options-error.js';
import { scanSettingsSchema } from '../crawl/scan-options.js';
import { PatternError } from '../crawl/url-pattern.js';
import { REPORT_FORMATS } from '../report/report-formats.js';
import { ConfigError } from './cli-config.js';
import type { CliIo } from './cli-io.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { CONFIG_FILE_NAME, parseHeaderLines } from './load-config.js';
import { registerStoreCommands } from './commands/index.js';
import { UsageError } from './usage-error.js';
import { StoreError } from '../store/store-error.js';

const DEFAULTS = scanSettingsSchema.parse({});

// The engine, the store and the knowledge base load only when the command that needs them runs.
const scanCommand = () => import('./scan-command.js');
const explanations = () => import('../classify/knowledge/render-explanation.js');

const int = (value: string): number | string => (/^-?\d+$/.test(value.trim()) ? Number(value) : value);
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Run the CLI with the given arguments; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('dislike404')
    .description('Scan a website for broken links and explain what each problem means.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showSuggestionAfterError();

  const scanCmd = program
    .command('scan')
    .description('crawl a site from <url>, check every link and resource, and report what is broken')
    .argument('<url>', 'start URL (https:// is assumed when no scheme is given)')
    .option('-c, --config <file>', `config file (default: ./${CONFIG_FILE_NAME} when present)`)
    .addOption(new Option('-f, --format <format>', 'report format').choices([...REPORT_FORMATS]).default(undefined, 'text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-q, --quiet', 'no progress display')
    .option('--all', 'also list URLs that are fine')
    .option('--show-suppressed', 'also list findings your blacklist suppresses, with the rule that matched')
    .option('--db <location>', 'database file or postgres:// URL (default: $DISLIKE404_DB or ~/.local/share/dislike404/dislike404.sqlite)')
    .option('--no-store', 'do not record this scan in the database (a one-off run)')
    .option('--resume <scan-id>', 'continue an interrupted scan where it stopped')
    .option('--include <pattern>', 'only crawl internal pages matching (glob, or /regex/); repeatable', collect)
    .option('--exclude <pattern>', 'neither crawl nor check URLs matching (glob, or /regex/); repeatable', collect)
    .option('--protected-path <pattern>', 'a path where a login wall is expected (401/403 there is a notice); repeatable', collect)
    .option('--no-soft404', 'do not probe for or report soft 404s (200 pages that say "not found")')
    .option('--include-subdomains', 'treat subdomains of the start host as internal')
    .option('--max-pages <n>', `stop crawling after n pages (default: ${DEFAULTS.maxPages})`, int)
    .option('--max-depth <n>', 'crawl at most n links deep from the start page (default: unlimited)', int)
    .option('--max-urls <n>', `stop discovering after n unique URLs (default: ${DEFAULTS.maxUrls})`, int)
    .option('--max-duration <duration>', 'stop the scan after this long, e.g. 10m (default: unlimited)')
    .option('--timeout <duration>', `total time per request, e.g. 20s, 500ms, 2m (default: ${DEFAULTS.timeoutMs / 1000}s)`)
    .option('--connect-timeout <duration>', `time to establish a connection (default: ${DEFAULTS.connectTimeoutMs / 1000}s)`)
    .option('--retries <n>', `retries for network errors, 5xx, 408 and 429 (default: ${DEFAULTS.retries})`, int)
    .option('--concurrency <n>', `requests in flight overall (default: ${DEFAULTS.concurrency})`, int)
    .option('--host-concurrency <n>', `requests in flight per host (default: ${DEFAULTS.hostConcurrency})`, int)
    .option('--host-interval <duration>', 'minimum time between requests to one host (default: 0)')
    .option('--max-crawl-delay <duration>', `cap on a robots.txt Crawl-delay (default: ${DEFAULTS.maxCrawlDelayMs / 1000}s)`)
    .option('--max-retry-after <duration>', `cap on a Retry-After wait (default: ${DEFAULTS.maxRetryAfterMs / 1000}s)`)
    .option('--max-redirects <n>', `redirect hops before giving up (default: ${DEFAULTS.maxRedirects})`, int)
    .option('--max-body-size <size>', `bytes read per page after decompression (default: ${DEFAULTS.maxBodyBytes / 1024 / 1024}MB)`)
    .option('--max-url-length <n>', `longer URLs are reported, not fetched (default: ${DEFAULTS.maxUrlLength})`, int)
    .option('--max-links-per-page <n>', `links taken from one page (default: ${DEFAULTS.maxLinksPerPage})`, int)
    .option('--parse-workers <n>', 'threads parsing HTML beside the network loop; 0 parses inline (default: auto = none below 4 cores, else cores - 2, max 3)', (v: string) => (v === 'auto' ? v : int(v)))
    .option('--user-agent <ua>', `User-Agent header (default: ${DEFAULTS.userAgent})`)
    .option('-H, --header <header>', 'extra request header "Name: value"; repeatable', collect)
    .option('--insecure', 'accept invalid TLS certificates')
    .option('--allow-private-networks', 'fetch loopback/private/link-local addresses (default for the CLI)')
    .option('--no-allow-private-networks', 'refuse loopback, private, link-local and cloud-metadata addresses (BLOCKED_PRIVATE_ADDRESS)')
    .option('--ignore-robots', 'do not obey robots.txt (for checking your own staging site)')
    .option('--no-sitemaps', 'do not seed the crawl from robots.txt Sitemap: lines and /sitemap.xml')
    .option('--check-external', 'check links to other sites (default)')
    .option('--no-check-external', 'do not check links to other sites')
    .option('--check-fragments', 'check #fragments of internal links against the target page (default)')
    .option('--no-check-fragments', 'do not check #fragments')
    .option('--check-external-fragments', 'also check #fragments of external links (fetches those pages)')
    .addHelpText(
      'after',
      `
Every option can also be set in ${CONFIG_FILE_NAME} (camelCase keys, e.g. "maxPages": 100) or in the
environment (DISLIKE404_MAX_PAGES=100). Precedence: defaults < config file < environment < flags.

Exit codes: 0 nothing broken, 1 broken links found, 2 usage or config error, or the start URL is unusable.`,
    )
    .action(async (url: string, opts: Record<string, unknown>, cmd: Command) => {
      const { config, header, protectedPath, resume, ...rest } = opts;
      const flags: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(rest)) {
        if (cmd.getOptionValueSource(key) === 'cli') flags[key] = value;
      }
      if (Array.isArray(header)) flags.headers = parseHeaderLines(header as string[]);
      if (Array.isArray(protectedPath)) flags.protectedPaths = protectedPath;
      const { runScanCommand } = await scanCommand();
      exitCode = await runScanCommand(url, flags, config as string | undefined, resume as string | undefined, io);
    });
  void scanCmd;

  registerStoreCommands(program, io, (code) => (exitCode = code));

  program
    .command('explain')
    .description('explain an outcome: what it means, how serious it is, and what to do (e.g. 401, DNS_NOT_FOUND)')
    .argument('<code>', 'an HTTP status (404) or an error code (TLS_CERT_EXPIRED)')
    .action(async (code: string) => {
      const { explainCode } = await explanations();
      const result = explainCode(code, { color: io.stdoutIsTTY, width: 100 });
      if (result.ok) io.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
      else {
        io.stderr.write(`dislike404: ${result.message}\n`);
        exitCode = EXIT_USAGE;
      }
    });

  if (argv.length === 0) {
    // `npm start` / bare `dislike404`: show what it can do rather than fail.
    program.outputHelp();
    return EXIT_OK;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, io);
  }
}

function handleError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or help/version, which exit 0).
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (
    error instanceof ConfigError ||
    error instanceof ScanOptionsError ||
    error instanceof PatternError ||
    error instanceof UsageError ||
    error instanceof StoreError ||
    error instanceof InvalidArgumentError
  ) {
    io.stderr.write(`dislike404: ${error.message}\n`);
    return EXIT_USAGE;
  }
  throw error;
}
