import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { orchestratorStatsSchema } from './orchestrator-stats.js';

describe('orchestratorStatsSchema', () => {
  it('accepts a row', () => {
    const row = {
      runId: 'run-1',
      statsPeriodId: 'period-1',
      runtime: 1250,
      constraintsChecked: 3,
      actionsTaken: 0,
    };
    expect(validate(orchestratorStatsSchema, row, 'orchestrator stats')).toEqual(row);
  });

  it('refuses wrong types and a misspelt key', () => {
    expect(() =>
      validate(
        orchestratorStatsSchema,
        { runId: 'run-1', statsPeriodID: 'p', runtime: '1250', constraintsChecked: 3, actionsTaken: 0 },
        'orchestrator stats',
      ),
    ).toThrow(
      'invalid orchestrator stats: statsPeriodId: is required; runtime: expected a number, got "1250"; ' +
        'unknown field "statsPeriodID" (did you mean "statsPeriodId"?)',
    );
  });
});
