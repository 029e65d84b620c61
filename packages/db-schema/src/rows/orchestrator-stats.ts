import { z } from 'zod';
import { nonNegativeIntSchema } from '../values/integers.js';
import { idSchema } from '../values/text.js';

/** A row of `orchestrator_stats`: what the orchestrator did for one run, within a stats period. */
export const orchestratorStatsSchema = z
  .object({
    runId: idSchema,
    statsPeriodId: idSchema,
    runtime: nonNegativeIntSchema,
    constraintsChecked: nonNegativeIntSchema,
    actionsTaken: nonNegativeIntSchema,
  })
  .strict();
export type OrchestratorStats = z.infer<typeof orchestratorStatsSchema>;

/** Orchestrator stats as written: the same fields as the row, none of them nullable. */
export const orchestratorStatsInputSchema = orchestratorStatsSchema;
export type OrchestratorStatsInput = z.input<typeof orchestratorStatsInputSchema>;
