import { Option, type Command } from 'commander';
import { REPORT_FORMATS } from '../../report/report-formats.js';
import type { ScheduleKind } from '../../schedule/schedule-spec.js';
import type { CliIo } from '../cli-io.js';
import type { BlacklistAddOptions } from './blacklist-command.js';
import { DEFAULT_HISTORY_LIMIT } from './command-defaults.js';
import type { DiffCommandOptions } from './diff-command.js';
import type { ReportCommandOptions } from './report-command.js';
import type { ScheduleCommandOptions } from './schedule-command.js';
import { registerServiceCommands } from './service-commands.js';
import type { SitesAddOptions } from './sites-command.js';
import type { StoreCommandOptions } from './store-command.js';

// Each command's code loads when that command runs, so `scan`, `--help` and `--version` do not pay
// for the store, the schedules or the report renderers of commands they do not run.
const sitesCommand = () => import('./sites-command.js');
const historyCommand = () => import('./history-command.js');
const reportCommand = () => import('./report-command.js');
const diffCommand = () => import('./diff-command.js');
const blacklistCommand = () => import('./blacklist-command.js');
const scheduleCommand = () => import('./schedule-command.js');

/** SCHEDULE_KINDS, spelled out so that `--help` does not load croner; the type keeps it in step. */
const SCHEDULE_KIND_NAMES = ['off', 'daily', 'weekly', 'monthly', 'cron'] as const satisfies readonly ScheduleKind[];

const SITE_ARG = 'a site id, its URL, or a unique prefix of either';

function dbOption(): Option {
  return new Option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB, else ~/.local/share/dislike404/dislike404.sqlite)');
}

/**
 * Adds the commands that read and edit the store: `sites`, `history`, `report`, `diff` and
 * `blacklist`. Each action reports its exit code through `setExitCode`; none throws for a user
 * mistake or a storage failure (those are one `dislike404: …` line and exit code 2).
 */
export function registerStoreCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const sites = program.command('sites').description('list, add, remove and show the sites this database remembers');
  sites
    .command('list')
    .description('every site with its number of scans and how the latest one went')
    .addOption(dbOption())
    .action(async (opts: StoreCommandOptions) => setExitCode(await (await sitesCommand()).runSitesList(opts, io)));
  sites
    .command('add')
    .description('remember a site without scanning it yet')
    .argument('<url>', 'start URL (https:// is assumed when no scheme is given)')
    .option('--name <name>', 'a name to show instead of the URL')
    .option('--owner <email>', "add it to this web app account (it shows on their dashboard); see dislike404 users list")
    .addOption(dbOption())
    .action(async (url: string, opts: SitesAddOptions) => setExitCode(await (await sitesCommand()).runSitesAdd(url, opts, io)));
  sites
    .command('remove')
    .description('forget a site with all its scans, results and blacklist rules')
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await (await sitesCommand()).runSitesRemove(site, opts, io)));
  sites
    .command('show')
    .description("a site's settings, blacklist size and latest scans")
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await (await sitesCommand()).runSitesShow(site, opts, io)));
  sites
    .command('schedule')
    .description('when `dislike404 monitor` scans a site: off, daily, weekly, monthly or a cron expression; without a kind, shows it')
    .argument('<site>', 'a site id, its URL, or a unique prefix of either')
    .argument('[kind]', SCHEDULE_KIND_NAMES.join(' | '))
    .argument('[expression]', 'for cron: the expression, e.g. "0 */6 * * *"')
    .option('--at <HH:MM>', 'time of day (default: 03:00)')
    .option('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin (default: UTC)')
    .option('--day <day>', 'weekly: mon…sun (default mon); monthly: 1-28 (default 1)')
    .addOption(new Option('--db <path|postgres-url>', 'database to use'))
    .action(async (site: string, kind: string | undefined, expression: string | undefined, opts: ScheduleCommandOptions) =>
      setExitCode(await (await scheduleCommand()).runSchedule(site, kind, expression, opts, io)),
    );

  program
    .command('history')
    .description("a site's scans, newest first: status, date, duration, pages, URLs checked, broken, limits hit")
    .argument('<site>', SITE_ARG)
    .option('--limit <n>', `show at most n scans (default: ${DEFAULT_HISTORY_LIMIT})`)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions & { limit?: string }) => setExitCode(await (await historyCommand()).runHistory(site, opts, io)));

  program
    .command('report')
    .description('render a stored scan in any report format, judged by the site blacklist')
    .argument('<scan-id>', 'a scan id or a unique prefix of one (see dislike404 history <site>)')
    .addOption(new Option('-f, --format <format>', 'report format').choices([...REPORT_FORMATS]).default(undefined, 'text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-suppressed', 'also list findings suppressed by the blacklist, with the rule that matched')
    .addOption(dbOption())
    .action(async (scanId: string, opts: ReportCommandOptions) => setExitCode(await (await reportCommand()).runReport(scanId, opts, io)));

  program
    .command('diff')
    .description('new, fixed and still-broken links between two scans (default: the latest scan against the one before)')
    .argument('[scan-a]', 'the earlier scan; alone, it is compared with the scan before it')
    .argument('[scan-b]', 'the later scan')
    .option('--site <site>', `compare the latest two scans of this site (${SITE_ARG})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default(undefined, 'text'))
    .addOption(dbOption())
    .action(async (a: string | undefined, b: string | undefined, opts: DiffCommandOptions) => {
      const ids = [a, b].filter((id): id is string => id !== undefined);
      setExitCode(await (await diffCommand()).runDiff(ids, opts, io));
    });

  const blacklist = program.command('blacklist').description('URLs the site owner has decided not to be told about again');
  blacklist
    .command('add')
    .description('stop reporting URLs matching <pattern> for a site')
    .argument('<site>', SITE_ARG)
    .argument('<pattern>', 'a URL, URL prefix, glob or regular expression (see --kind)')
    .addOption(new Option('--kind <kind>', 'how <pattern> matches (default: glob when it has * ? [ {, else exact)').choices(['exact', 'prefix', 'glob', 'regex']))
    .option('--status <codes>', 'only when the URL answers one of these statuses, e.g. 404,410')
    .option('--error <codes>', 'only for these outcome codes, e.g. DNS_NOT_FOUND,TIMEOUT')
    .addOption(new Option('--scope <scope>', 'which links the rule covers').choices(['internal', 'external', 'any']).default('any'))
    .option('--note <text>', 'why: shown with every suppressed finding')
    .option('--author <name>', 'who decided')
    .addOption(dbOption())
    .action(async (site: string, pattern: string, opts: BlacklistAddOptions) => setExitCode(await (await blacklistCommand()).runBlacklistAdd(site, pattern, opts, io)));
  blacklist
    .command('list')
    .description("a site's blacklist rules, in the order they are tried")
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await (await blacklistCommand()).runBlacklistList(site, opts, io)));
  blacklist
    .command('remove')
    .description('delete one blacklist rule')
    .argument('<site>', SITE_ARG)
    .argument('<rule-id>', 'a rule id or a unique prefix of one (see blacklist list)')
    .addOption(dbOption())
    .action(async (site: string, rule: string, opts: StoreCommandOptions) => setExitCode(await (await blacklistCommand()).runBlacklistRemove(site, rule, opts, io)));
  registerServiceCommands(program, io, setExitCode);
}
