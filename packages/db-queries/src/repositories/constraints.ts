import type { Executor } from '@itinerary/db-core';
import {
  type Constraint,
  type ConstraintInput,
  constraintInputSchema,
  type HookConfig,
  type PreviousSuccessDependency,
  validate,
} from '@itinerary/db-schema';
import { checkId } from '../arguments.js';
import { layerNow } from '../clock.js';
import { notFound } from '../not-found.js';
import { jsonColumn, jsonParam } from '../row-values.js';
import { missedUpdate, nextVersion, type ReadBackFields, splitVersion } from '../versioned-update.js';

interface ConstraintRow {
  id: string;
  max_concurrent_runs: number | null;
  catch_up: boolean | null;
  catch_up_window: string | null;
  max_expected_run_time: string | null;
  max_allowed_run_time: string | null;
  pre_run_hook: unknown;
  post_run_hook: unknown;
  require_previous_success: unknown;
  created_at: Date;
  updated_at: Date;
}

function toConstraint(row: ConstraintRow): Constraint {
  return {
    id: row.id,
    maxConcurrentRuns: row.max_concurrent_runs,
    catchUp: row.catch_up,
    catchUpWindow: row.catch_up_window,
    maxExpectedRunTime: row.max_expected_run_time,
    maxAllowedRunTime: row.max_allowed_run_time,
    preRunHook: jsonColumn<HookConfig>(row.pre_run_hook),
    postRunHook: jsonColumn<HookConfig>(row.post_run_hook),
    requirePreviousSuccess: jsonColumn<PreviousSuccessDependency>(row.require_previous_success),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Validates and inserts a constraint configuration; the layer sets the timestamps. */
export async function createConstraint(db: Executor, input: ConstraintInput): Promise<Constraint> {
  const c = validate(constraintInputSchema, input, 'constraint');
  const now = layerNow();
  await db.exec(
    `INSERT INTO constraints (id, max_concurrent_runs, catch_up, catch_up_window, max_expected_run_time,
       max_allowed_run_time, pre_run_hook, post_run_hook, require_previous_success, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.id,
      c.maxConcurrentRuns,
      c.catchUp,
      c.catchUpWindow,
      c.maxExpectedRunTime,
      c.maxAllowedRunTime,
      jsonParam(c.preRunHook),
      jsonParam(c.postRunHook),
      jsonParam(c.requirePreviousSuccess),
      now,
      now,
    ],
  );
  // Written out, not spread: see createJob.
  return {
    id: c.id,
    maxConcurrentRuns: c.maxConcurrentRuns,
    catchUp: c.catchUp,
    catchUpWindow: c.catchUpWindow,
    maxExpectedRunTime: c.maxExpectedRunTime,
    maxAllowedRunTime: c.maxAllowedRunTime,
    preRunHook: c.preRunHook,
    postRunHook: c.postRunHook,
    requirePreviousSuccess: c.requirePreviousSuccess,
    createdAt: now,
    updatedAt: now,
  };
}

/** Reads one constraint; throws `NotFoundError` when there is none with that id. */
export async function getConstraint(db: Executor, id: string): Promise<Constraint> {
  const [row] = await db.query<ConstraintRow & Record<string, unknown>>(
    `SELECT id, max_concurrent_runs, catch_up, catch_up_window, max_expected_run_time, max_allowed_run_time,
       pre_run_hook, post_run_hook, require_previous_success, created_at, updated_at
     FROM constraints WHERE id = ?`,
    [checkId(id, 'constraint id')],
  );
  if (!row) throw notFound('constraint', { id });
  return toConstraint(row);
}

/**
 * Validates and replaces a constraint's settings, moving `updatedAt` forward; throws
 * `NotFoundError` when missing. Takes the object `getConstraint` returned as it is: `createdAt`
 * is ignored, and a given `updatedAt` turns on the lost-update check: when the row changed since
 * that read, nothing is written and a `LostUpdateError` is thrown. Without it the last write wins.
 */
export async function updateConstraint(
  db: Executor,
  input: ConstraintInput & ReadBackFields,
): Promise<Constraint> {
  const { fields, expected } = splitVersion(input);
  const c = validate(constraintInputSchema, fields, 'constraint');
  const params = [
    c.maxConcurrentRuns,
    c.catchUp,
    c.catchUpWindow,
    c.maxExpectedRunTime,
    c.maxAllowedRunTime,
    jsonParam(c.preRunHook),
    jsonParam(c.postRunHook),
    jsonParam(c.requirePreviousSuccess),
    nextVersion(expected),
    c.id,
  ];
  const set = `UPDATE constraints SET max_concurrent_runs = ?, catch_up = ?, catch_up_window = ?, max_expected_run_time = ?,
       max_allowed_run_time = ?, pre_run_hook = ?, post_run_hook = ?, require_previous_success = ?, updated_at = ?
     WHERE id = ?`;
  const { rowsAffected } =
    expected === undefined
      ? await db.exec(set, params)
      : await db.exec(`${set} AND updated_at = ?`, [...params, expected]);
  if (rowsAffected === 0) throw await missedUpdate(db, 'constraints', 'constraint', c.id, expected);
  return getConstraint(db, c.id);
}

/**
 * Deletes a constraint: jobs that used it keep running without one (constraint set to null),
 * and the action links and violations that named it go with it. Throws `NotFoundError` when missing.
 */
export async function deleteConstraint(db: Executor, id: string): Promise<void> {
  const { rowsAffected } = await db.exec('DELETE FROM constraints WHERE id = ?', [
    checkId(id, 'constraint id'),
  ]);
  if (rowsAffected === 0) throw notFound('constraint', { id });
}
