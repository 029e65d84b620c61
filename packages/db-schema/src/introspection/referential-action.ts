import type { ReferentialAction } from './schema-snapshot.js';

const POSTGRES_ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const NAMED_ACTIONS: Record<string, ReferentialAction> = {
  'NO ACTION': 'no action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/** Reads PostgreSQL's one-letter `confdeltype`/`confupdtype` code. */
export function postgresReferentialAction(code: string): ReferentialAction {
  const action = POSTGRES_ACTIONS[code];
  if (!action) throw new Error(`unknown PostgreSQL referential action code "${code}"`);
  return action;
}

/** Reads SQLite's `pragma_foreign_key_list` rule (`NO ACTION`, `CASCADE`, ...). */
export function sqliteReferentialAction(rule: string): ReferentialAction {
  const action = NAMED_ACTIONS[rule.toUpperCase()];
  if (!action) throw new Error(`unknown SQLite referential action "${rule}"`);
  return action;
}

/**
 * Reads a MySQL/MariaDB `referential_constraints` rule. InnoDB enforces RESTRICT and NO ACTION
 * identically (immediately), and MariaDB reports RESTRICT for a key that named no rule at all,
 * where PostgreSQL and SQLite report NO ACTION. The catalogue therefore cannot say which one a
 * migration wrote, so both read as the standard's default, `no action`.
 */
export function mysqlReferentialAction(rule: string): ReferentialAction {
  const action = NAMED_ACTIONS[rule.toUpperCase()];
  if (!action) throw new Error(`unknown MySQL referential action "${rule}"`);
  return action === 'restrict' ? 'no action' : action;
}
