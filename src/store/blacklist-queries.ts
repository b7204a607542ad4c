import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { validateBlacklistRule, type BlacklistRule, type BlacklistRuleInput, type ValidatedRuleInput } from './blacklist-rule.js';
import type { DbSchema } from './db-schema.js';
import { ruleFromRow } from './row-mapping.js';
import { StoreError } from './store-error.js';

type Db = Kysely<DbSchema>;

export function validatedRule(input: BlacklistRuleInput): ValidatedRuleInput {
  const result = validateBlacklistRule(input);
  if (!result.ok) throw new StoreError('INVALID_INPUT', `Invalid blacklist rule (${result.field}): ${result.message}`);
  return result.rule;
}

function ruleColumns(rule: ValidatedRuleInput) {
  return {
    kind: rule.kind,
    pattern: rule.pattern,
    scope: rule.scope,
    note: rule.note,
    author: rule.author,
    status_codes: rule.statusCodes === null ? null : JSON.stringify(rule.statusCodes),
    error_codes: rule.errorCodes === null ? null : JSON.stringify(rule.errorCodes),
  };
}

/** In priority order: the matcher lets the first matching rule win. */
export async function listRules(db: Db, siteId: string): Promise<BlacklistRule[]> {
  const rows = await db.selectFrom('blacklist_rules').selectAll().where('site_id', '=', siteId).orderBy('position').execute();
  return rows.map(ruleFromRow);
}

/** Must run in a write transaction: the new rule's position is read, then written. */
export async function insertRule(trx: Db, siteId: string, rule: ValidatedRuleInput, createdAt: string): Promise<BlacklistRule> {
  const last = await trx.selectFrom('blacklist_rules').select((eb) => eb.fn.max('position').as('p')).where('site_id', '=', siteId).executeTakeFirst();
  const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
  const row = { id: randomUUID(), site_id: siteId, position, created_at: createdAt, ...ruleColumns(rule) };
  await trx.insertInto('blacklist_rules').values(row).execute();
  return ruleFromRow(row);
}

export async function updateRule(db: Db, id: string, rule: ValidatedRuleInput): Promise<BlacklistRule> {
  await db.updateTable('blacklist_rules').set(ruleColumns(rule)).where('id', '=', id).execute();
  const row = await db.selectFrom('blacklist_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new StoreError('NOT_FOUND', `No blacklist rule ${id}`);
  return ruleFromRow(row);
}

export async function removeRule(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('blacklist_rules').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
