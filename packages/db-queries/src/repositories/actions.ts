import type { Executor } from '@itinerary/db-core';
import { type Action, type ActionInput, actionInputSchema, validate } from '@itinerary/db-schema';
import { checkId } from '../arguments.js';
import { layerNow } from '../clock.js';
import { notFound } from '../not-found.js';
import { jsonColumn, jsonParam } from '../row-values.js';

interface ActionRow {
  id: string;
  name: string;
  action_type: Action['actionType'];
  config: unknown;
  created_at: Date;
}

const SELECT_ACTIONS = 'SELECT id, name, action_type, config, created_at FROM actions';

function toAction(row: ActionRow): Action {
  // The config was validated against this action type when it was written.
  return {
    id: row.id,
    name: row.name,
    actionType: row.action_type,
    config: jsonColumn(row.config),
    createdAt: row.created_at,
  } as Action;
}

/** Validates (the config against its action type) and inserts an action. */
export async function createAction(db: Executor, input: ActionInput): Promise<Action> {
  const action = validate(actionInputSchema, input, 'action');
  const now = layerNow();
  await db.exec('INSERT INTO actions (id, name, action_type, config, created_at) VALUES (?, ?, ?, ?, ?)', [
    action.id,
    action.name,
    action.actionType,
    jsonParam(action.config),
    now,
  ]);
  // Written out, not spread: see createJob. `satisfies` keeps a field added to Action from being
  // left out here unnoticed, which the cast alone would allow.
  return {
    id: action.id,
    name: action.name,
    actionType: action.actionType,
    config: action.config,
    createdAt: now,
  } satisfies Record<keyof Action, unknown> as Action;
}

/** Reads one action; throws `NotFoundError` when there is none with that id. */
export async function getAction(db: Executor, id: string): Promise<Action> {
  const [row] = await db.query<ActionRow & Record<string, unknown>>(`${SELECT_ACTIONS} WHERE id = ?`, [
    checkId(id, 'action id'),
  ]);
  if (!row) throw notFound('action', { id });
  return toAction(row);
}

/** Reads every action, ordered by id. */
export async function getAllActions(db: Executor): Promise<Action[]> {
  const rows = await db.query<ActionRow & Record<string, unknown>>(`${SELECT_ACTIONS} ORDER BY id`);
  return rows.map(toAction);
}

/** Deletes an action and the job links to it; throws `NotFoundError` when missing. */
export async function deleteAction(db: Executor, id: string): Promise<void> {
  const { rowsAffected } = await db.exec('DELETE FROM actions WHERE id = ?', [checkId(id, 'action id')]);
  if (rowsAffected === 0) throw notFound('action', { id });
}
