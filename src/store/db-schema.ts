import type { Generated } from 'kysely';

/*
 * The one schema, as Kysely sees it. Both backends store the same shapes: JSON as text, booleans as
 * 0/1 integers and times as ISO-8601 UTC text, so rows map to domain objects the same way on both
 * and ISO strings sort chronologically. Child tables key on integer surrogates (scans.key, urls.id)
 * because a 36-character uuid repeated on 3 million occurrence rows would dominate the file size.
 */

export interface SchemaVersionTable {
  version: number;
}

export interface SitesTable {
  id: string;
  url: string;
  name: string;
  created_at: string;
  settings: string;
  owner: string | null;
}

export interface ScansTable {
  key: Generated<number>;
  id: string;
  site_id: string;
  status: string;
  options: string;
  tool_version: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  limits_hit: string;
  pages_crawled: number;
  urls_checked: number;
  urls_found: number;
  findings: number;
  broken: number;
  summary: string | null;
  last_checkpoint_at: string | null;
  failure: string | null;
}

/** URLs interned per site; `url_key` is a hash because Postgres cannot index 8 KB URLs directly. */
export interface UrlsTable {
  id: Generated<number>;
  site_id: string;
  url_key: string;
  url: string;
}

export interface ResultsTable {
  scan_key: number;
  url_id: number;
  /** 1 once saved as a finding of the final report; 0 for a checkpointed result only. */
  reported: number;
  ord: number | null;
  status: number | null;
  error: string | null;
  error_detail: string | null;
  redirects: string;
  final_url: string;
  content_type: string | null;
  method: string | null;
  duration_ms: number;
  retries: number;
  internal: number;
  kind: string;
  in_sitemap: number;
  severity: string | null;
  category: string | null;
  title: string | null;
  reason: string | null;
  advice: string | null;
  suggestion: string | null;
  occurrence_count: number;
  outcome_key: string;
  failing: number;
  /** JSON FindingSuppression, or null (schema version 4). */
  suppressed_by: string | null;
}

export interface PagesTable {
  scan_key: number;
  url_id: number;
  status: number | null;
  depth: number;
  title: string | null;
  /** JSON array of the page's ids and names (schema version 2). */
  anchors: string | null;
}

/**
 * Occurrences checkpointed during a scan, kept only to resume it. Indexed by scan alone: an index
 * on the target would be updated at random places on every batch, which made a 3-million-row scan
 * take over a minute in SQLite; rows arrive in scan order and are read back whole.
 */
export interface OccurrencesTable {
  id: Generated<number>;
  scan_key: number;
  target_url_id: number;
  page_url_id: number;
  element: string;
  attribute: string;
  text: string;
  line: number;
}

/** Occurrences of saved findings, keyed by the finding's report position so inserts only append. */
export interface FindingOccurrencesTable {
  id: Generated<number>;
  scan_key: number;
  ord: number;
  page_url_id: number;
  element: string;
  attribute: string;
  text: string;
  line: number;
}

export interface FrontierTable {
  scan_key: number;
  url_id: number;
  depth: number;
  plan: string;
  internal: number;
  kind: string;
  in_sitemap: number;
  occurrence_count: number;
  state: string;
  /** JSON array of FragmentReference (schema version 2). */
  fragments: string | null;
}

export interface BlacklistRulesTable {
  id: string;
  site_id: string;
  /** Priority: the first matching rule wins; new rules go last. */
  position: number;
  kind: string;
  pattern: string;
  status_codes: string | null;
  error_codes: string | null;
  scope: string;
  note: string;
  author: string | null;
  created_at: string;
}

/** Web app accounts (schema version 3). `email` is stored lowercased. */
export interface UsersTable {
  id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url parts), so costs can rise without a migration. */
  password_hash: string;
  is_admin: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the value itself is never stored. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Last characters of the token, so a user can tell tokens apart in a list. */
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SiteVerificationsTable {
  site_id: string;
  method: string;
  verified_at: string;
}

/** On-demand scans started through the web app or API, counted for the daily quota. */
export interface ScanRequestsTable {
  id: Generated<number>;
  site_id: string;
  scan_id: string;
  requested_at: string;
}

export interface DbSchema {
  schema_version: SchemaVersionTable;
  sites: SitesTable;
  scans: ScansTable;
  urls: UrlsTable;
  results: ResultsTable;
  pages: PagesTable;
  occurrences: OccurrencesTable;
  finding_occurrences: FindingOccurrencesTable;
  frontier: FrontierTable;
  blacklist_rules: BlacklistRulesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  site_verifications: SiteVerificationsTable;
  scan_requests: ScanRequestsTable;
}

export type SqlFlavor = 'sqlite' | 'postgres';
