import { z } from 'zod';

/** Every kind of action a job can trigger, in the spelling stored in `actions.action_type`. */
export const ACTION_TYPES = [
  'retry',
  'kickOffJob',
  'webhook',
  'killAllInstances',
  'killLatestInstance',
  'skipNextInstance',
] as const;
/** Accepts one of `ACTION_TYPES`. */
export const actionTypeSchema = z.enum(ACTION_TYPES);
export type ActionType = (typeof ACTION_TYPES)[number];

/** The job events an action can be bound to, as stored in `job_actions.trigger`. */
export const TRIGGERS = ['on_failure', 'on_violation', 'on_success', 'on_timeout'] as const;
/** Accepts one of `TRIGGERS`. */
export const triggerSchema = z.enum(TRIGGERS);
export type Trigger = (typeof TRIGGERS)[number];

/** The life-cycle states of a job run, as stored in `job_runs.status`. */
export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
/** Accepts one of `RUN_STATUSES`. */
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The run statuses a run never leaves. */
export const TERMINAL_RUN_STATUSES = [
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly RunStatus[];
/** Accepts one of `TERMINAL_RUN_STATUSES`. */
export const terminalRunStatusSchema = z.enum(TERMINAL_RUN_STATUSES);
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];

/** True when a run in `status` is finished and will not change state again. */
export function isTerminalRunStatus(status: RunStatus): status is TerminalRunStatus {
  return (TERMINAL_RUN_STATUSES as readonly RunStatus[]).includes(status);
}
