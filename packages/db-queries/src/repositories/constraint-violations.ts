import type { Executor } from '@itinerary/db-core';
import {
  type ConstraintViolation,
  type ConstraintViolationInput,
  constraintViolationInputSchema,
  type ViolationDetails,
  validate,
} from '@itinerary/db-schema';
import { checkId, checkLimit } from '../arguments.js';
import { jsonColumn, jsonParam } from '../row-values.js';

interface ViolationRow {
  id: string;
  run_id: string;
  constraint_id: string;
  violation_time: Date;
  action_taken: string | null;
  details: unknown;
}

type Row = ViolationRow & Record<string, unknown>;

const SELECT_VIOLATIONS =
  'SELECT id, run_id, constraint_id, violation_time, action_taken, details FROM constraint_violations';

function toViolation(row: ViolationRow): ConstraintViolation {
  return {
    id: row.id,
    runId: row.run_id,
    constraintId: row.constraint_id,
    violationTime: row.violation_time,
    actionTaken: row.action_taken,
    details: jsonColumn<ViolationDetails>(row.details),
  };
}

/** Validates and records a constraint violation of a run. */
export async function createConstraintViolation(
  db: Executor,
  input: ConstraintViolationInput,
): Promise<ConstraintViolation> {
  const v = validate(constraintViolationInputSchema, input, 'constraint violation');
  await db.exec(
    'INSERT INTO constraint_violations (id, run_id, constraint_id, violation_time, action_taken, details) VALUES (?, ?, ?, ?, ?, ?)',
    [v.id, v.runId, v.constraintId, v.violationTime, v.actionTaken, jsonParam(v.details)],
  );
  return v;
}

/** Reads every violation of one run, newest first. */
export async function getConstraintViolations(db: Executor, runId: string): Promise<ConstraintViolation[]> {
  const rows = await db.query<Row>(
    `${SELECT_VIOLATIONS} WHERE run_id = ? ORDER BY violation_time DESC, id DESC`,
    [checkId(runId, 'run id')],
  );
  return rows.map(toViolation);
}

/** Reads the most recent violations of one constraint, newest first, at most `limit`. */
export async function getConstraintViolationsByConstraint(
  db: Executor,
  constraintId: string,
  limit: number,
): Promise<ConstraintViolation[]> {
  const rows = await db.query<Row>(
    `${SELECT_VIOLATIONS} WHERE constraint_id = ? ORDER BY violation_time DESC, id DESC LIMIT ?`,
    [checkId(constraintId, 'constraint id'), checkLimit(limit)],
  );
  return rows.map(toViolation);
}
