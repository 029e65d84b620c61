import { describe, expect, it } from 'vitest';
import type { Executor } from './executor.js';
import { ReadOnlyExecutor } from './read-only-executor.js';

describe('db.reader (ReadOnlyExecutor)', () => {
  it('marks every statement readOnly and passes the caller’s other options on unchanged', async () => {
    const received: Array<[string, unknown]> = [];
    const database = {
      query: async (_sql: string, _params: unknown, options: unknown) => {
        received.push(['query', options]);
        return [];
      },
      exec: async (_sql: string, _params: unknown, options: unknown) => {
        received.push(['exec', options]);
        return { rowsAffected: 0 };
      },
      iterate: async function* (_sql: string, _params: unknown, options: unknown) {
        received.push(['iterate', options]);
        yield { n: 1 };
      },
    } as unknown as Executor;
    const reader = new ReadOnlyExecutor(database);
    await reader.query('SELECT 1', [], { prepare: false });
    await reader.exec('SELECT 1', [], { prepare: true, readOnly: false });
    const rows: unknown[] = [];
    for await (const row of reader.iterate('SELECT 1', [], { batchSize: 7 })) rows.push(row);
    expect(rows).toEqual([{ n: 1 }]);
    await reader.query('SELECT 1');
    expect(received).toEqual([
      ['query', { prepare: false, readOnly: true }],
      ['exec', { prepare: true, readOnly: true }],
      ['iterate', { batchSize: 7, readOnly: true }],
      ['query', { prepare: undefined, readOnly: true }],
    ]);
  });
});
