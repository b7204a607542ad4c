import { Argument, Option, type Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { AlertsAddOptions } from './alerts-command.js';
import { DEFAULT_TOKEN_NAME } from './command-defaults.js';
import type { MonitorCommandOptions } from './monitor-command.js';
import type { ServeOptions } from './serve-command.js';
import type { StoreCommandOptions } from './store-command.js';
import type { TokensOptions } from './tokens-command.js';
import type { UsersOptions } from './users-command.js';

// Mail, webhooks, schedules, the web app and the accounts store load only when their command runs.
const alertsCommand = () => import('./alerts-command.js');
const monitorCommand = () => import('./monitor-command.js');
const serveCommand = () => import('./serve-command.js');
const usersCommand = () => import('./users-command.js');
const tokensCommand = () => import('./tokens-command.js');

const SITE_ARG = 'a site id, its URL, or a unique prefix of either';
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Adds the commands that run dislike404 as a service and manage its users: `alerts`, `monitor`,
 * `serve`, `users` and `tokens`. Like the store commands, each reports its exit code through
 * `setExitCode`.
 */
export function registerServiceCommands(program: Command, io: CliIo & { stdin?: NodeJS.ReadableStream }, setExitCode: (code: number) => void): void {
  registerAlertsCommands(program, io, setExitCode);

  program
    .command('monitor')
    .description('run scheduled scans (see sites schedule) and send alerts (see alerts add) until interrupted')
    .option('--max-concurrent <n>', 'scans running at once across all sites (default: 2)')
    .option('--once', 'run the scans due now (including missed ones), then exit')
    .option('-c, --config <file>', 'scan options file (default: ./dislike404.config.json when present)')
    .option('--monitor-config <file>', 'SMTP and link settings (default: ./dislike404.monitor.json when present)')
    .addOption(new Option('--db <path|postgres-url>', 'database to use'))
    .action(async (opts: MonitorCommandOptions) => setExitCode(await (await monitorCommand()).runMonitorCommand(opts, io)));

  // `dislike404 serve`: the web app and APIs on one port until SIGINT/SIGTERM.
  program
    .command('serve')
    .description('run the web app and the /api/v1 API (accounts, sites, scans), and the scheduled scans and alerts')
    .option('--port <n>', 'port to listen on', '4040')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'where users reach the server, for links in emails (default: http://<host>:<port>)')
    .addOption(new Option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB, else ~/.local/share/dislike404/dislike404.sqlite)'))
    .option('--allow-private-networks', 'let scans reach loopback and private addresses (off: users choose what the server fetches)')
    .option('--max-concurrent <n>', 'scheduled scans running at once across all sites (default: 2); each uses its site\'s own settings')
    .option('--monitor-config <file>', 'SMTP, link and unsubscribe settings (default: ./dislike404.monitor.json when present)')
    .action(async (opts: ServeOptions) => setExitCode(await (await serveCommand()).runServe(opts, io)));

  // `dislike404 users add|list`: operator account management against the server's database.
  const users = program.command('users').description("manage the web app's accounts (safe while the server runs)");
  users
    .command('add')
    .description('create an account; the password is read from stdin')
    .argument('<email>', 'the account email')
    .option('--password-stdin', 'read the password from the first line of stdin (required: passwords never go on the command line)')
    .option('--admin', 'make the account an operator')
    .option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB)')
    .action(async (email: string, opts: UsersOptions) => setExitCode(await (await usersCommand()).runUsersAdd(email, opts, io, io.stdin ?? process.stdin)));
  users
    .command('list')
    .description('every account with its creation date')
    .option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB)')
    .action(async (opts: UsersOptions) => setExitCode(await (await usersCommand()).runUsersList(opts, io)));

  registerTokensCommands(program, io, setExitCode);
}

/** `alerts add|list|remove|test|history`: where a site's alerts go and whether they arrived. */
function registerAlertsCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const db = (): Option => new Option('--db <path|postgres-url>', 'database to use');
  const alerts = program.command('alerts').description('where alerts about new problems found by scheduled scans go');
  alerts
    .command('add')
    .description('add a channel: email --to a@b.c, webhook --url … --secret …, or slack --url …')
    .argument('<site>', SITE_ARG)
    .addArgument(new Argument('<kind>', 'channel kind').choices(['email', 'webhook', 'slack']))
    .option('--to <address>', 'email recipient; repeatable or comma-separated', collect)
    .option('--url <url>', 'webhook or Slack incoming-webhook URL')
    .option('--secret <secret>', 'webhook signing secret (at least 16 characters)')
    .addOption(new Option('--min-severity <severity>', 'alert on new problems at or above this').choices(['error', 'warning', 'notice']).default(undefined, 'error'))
    .option('--include-fixed', 'also alert when problems were fixed')
    .option('--every-scan', 'send a summary after every scan, even with nothing new')
    .addOption(db())
    .action(async (site: string, kind: string, opts: AlertsAddOptions) => setExitCode(await (await alertsCommand()).runAlertsAdd(site, kind, opts, io)));
  alerts
    .command('list')
    .description("a site's channels (secrets masked)")
    .argument('<site>', SITE_ARG)
    .addOption(db())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await (await alertsCommand()).runAlertsList(site, opts, io)));
  alerts
    .command('remove')
    .description('delete one channel')
    .argument('<site>', SITE_ARG)
    .argument('<channel-id>', 'a channel id or a unique prefix of one (see alerts list)')
    .addOption(db())
    .action(async (site: string, channel: string, opts: StoreCommandOptions) => setExitCode(await (await alertsCommand()).runAlertsRemove(site, channel, opts, io)));
  alerts
    .command('test')
    .description('send a test alert to one channel now')
    .argument('<site>', SITE_ARG)
    .argument('<channel-id>', 'a channel id or a unique prefix of one')
    .option('--monitor-config <file>', 'SMTP and link settings (default: ./dislike404.monitor.json when present)')
    .addOption(db())
    .action(async (site: string, channel: string, opts: StoreCommandOptions & { monitorConfig?: string }) => setExitCode(await (await alertsCommand()).runAlertsTest(site, channel, opts, io)));
  alerts
    .command('history')
    .description("a site's recent alert deliveries: time, channel, outcome, attempts, error code")
    .argument('<site>', SITE_ARG)
    .addOption(db())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await (await alertsCommand()).runAlertsHistory(site, opts, io)));
}

/** `dislike404 tokens create|list|revoke`: personal API tokens, exactly as the profile page makes them. */
function registerTokensCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const tokens = program.command('tokens').description("manage an account's personal API tokens (safe while the server runs)");
  const db = ['--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB)'] as const;
  tokens
    .command('create')
    .description('create an API token for the account and print it once (only its hash is kept)')
    .argument('<email>', 'the account email')
    .option('--name <name>', `what the token is for, shown in the profile (default: "${DEFAULT_TOKEN_NAME}")`)
    .option(...db)
    .action(async (email: string, opts: TokensOptions) => setExitCode(await (await tokensCommand()).runTokensCreate(email, opts, io)));
  tokens
    .command('list')
    .description("the account's tokens: id, name, last four characters, dates, and whether revoked")
    .argument('<email>', 'the account email')
    .option(...db)
    .action(async (email: string, opts: TokensOptions) => setExitCode(await (await tokensCommand()).runTokensList(email, opts, io)));
  tokens
    .command('revoke')
    .description('revoke one of the account’s tokens; requests using it answer 401 from then on')
    .argument('<email>', 'the account email')
    .argument('<id>', 'a token id or a unique prefix of one (see tokens list)')
    .option(...db)
    .action(async (email: string, id: string, opts: TokensOptions) => setExitCode(await (await tokensCommand()).runTokensRevoke(email, id, opts, io)));
}
