import { Option, type Command } from 'commander';
import { REPORT_FORMATS } from '../../report/render-report.js';
import type { CliIo } from '../cli-io.js';
import { registerAlertsCommands } from './alerts-command.js';
import { runBlacklistAdd, runBlacklistList, runBlacklistRemove, type BlacklistAddOptions } from './blacklist-command.js';
import { runDiff, type DiffCommandOptions } from './diff-command.js';
import { DEFAULT_HISTORY_LIMIT, runHistory } from './history-command.js';
import { registerMonitorCommand } from './monitor-command.js';
import { runReport, type ReportCommandOptions } from './report-command.js';
import { registerScheduleCommand } from './schedule-command.js';
import { registerServeCommand } from './serve-command.js';
import { runSitesAdd, runSitesList, runSitesRemove, runSitesShow, type SitesAddOptions } from './sites-command.js';
import type { StoreCommandOptions } from './store-command.js';
import { registerTokensCommand } from './tokens-command.js';
import { registerUsersCommand } from './users-command.js';

export { applySiteMemory, DEFAULT_FAILURE_THRESHOLD, HISTORY_WINDOW } from '../../classify/site-memory.js';
export { loadSiteMemory } from './load-site-memory.js';
export { storedReport } from './report-command.js';

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
    .action(async (opts: StoreCommandOptions) => setExitCode(await runSitesList(opts, io)));
  sites
    .command('add')
    .description('remember a site without scanning it yet')
    .argument('<url>', 'start URL (https:// is assumed when no scheme is given)')
    .option('--name <name>', 'a name to show instead of the URL')
    .option('--owner <email>', "add it to this web app account (it shows on their dashboard); see dislike404 users list")
    .addOption(dbOption())
    .action(async (url: string, opts: SitesAddOptions) => setExitCode(await runSitesAdd(url, opts, io)));
  sites
    .command('remove')
    .description('forget a site with all its scans, results and blacklist rules')
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await runSitesRemove(site, opts, io)));
  sites
    .command('show')
    .description("a site's settings, blacklist size and latest scans")
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await runSitesShow(site, opts, io)));
  registerScheduleCommand(sites, io, setExitCode);

  program
    .command('history')
    .description("a site's scans, newest first: status, date, duration, pages, URLs checked, broken, limits hit")
    .argument('<site>', SITE_ARG)
    .option('--limit <n>', `show at most n scans (default: ${DEFAULT_HISTORY_LIMIT})`)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions & { limit?: string }) => setExitCode(await runHistory(site, opts, io)));

  program
    .command('report')
    .description('render a stored scan in any report format, judged by the site blacklist')
    .argument('<scan-id>', 'a scan id or a unique prefix of one (see dislike404 history <site>)')
    .addOption(new Option('-f, --format <format>', 'report format').choices([...REPORT_FORMATS]).default(undefined, 'text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-suppressed', 'also list findings suppressed by the blacklist, with the rule that matched')
    .addOption(dbOption())
    .action(async (scanId: string, opts: ReportCommandOptions) => setExitCode(await runReport(scanId, opts, io)));

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
      setExitCode(await runDiff(ids, opts, io));
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
    .action(async (site: string, pattern: string, opts: BlacklistAddOptions) => setExitCode(await runBlacklistAdd(site, pattern, opts, io)));
  blacklist
    .command('list')
    .description("a site's blacklist rules, in the order they are tried")
    .argument('<site>', SITE_ARG)
    .addOption(dbOption())
    .action(async (site: string, opts: StoreCommandOptions) => setExitCode(await runBlacklistList(site, opts, io)));
  blacklist
    .command('remove')
    .description('delete one blacklist rule')
    .argument('<site>', SITE_ARG)
    .argument('<rule-id>', 'a rule id or a unique prefix of one (see blacklist list)')
    .addOption(dbOption())
    .action(async (site: string, rule: string, opts: StoreCommandOptions) => setExitCode(await runBlacklistRemove(site, rule, opts, io)));
  registerAlertsCommands(program, io, setExitCode);
  registerMonitorCommand(program, io, setExitCode);
  registerServeCommand(program, io, setExitCode);
  registerUsersCommand(program, io, setExitCode);
  registerTokensCommand(program, io, setExitCode);
}
