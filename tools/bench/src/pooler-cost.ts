import { type Database, openWithConfig } from '@itinerary/db-core';
import { startPgBouncer } from '@itinerary/db-core/testing/pgbouncer';
import type { BenchClient, NewJob, NewRun } from './bench-client.js';
import { createBenchDatabase } from './bench-database.js';
import { layerClient } from './layer-client.js';
import { type Comparison, compare } from './measure.js';
import { seedWithCli } from './seed-with-cli.js';

/** One side of a comparison: a client, and the keys of the rows it writes. */
interface Side {
  client: BenchClient;
  prefix: string;
  run: (i: number) => NewRun;
}

type CompareOptions = Parameters<typeof compare>[2];

/** A job the comparison writes; `prefix` keeps each side's ids apart. */
function newJob(prefix: string, i: number): NewJob {
  return {
    id: `pooler-${prefix}-${i}`,
    name: `Pooler ${i}`,
    schedule: '*/5 * * * *',
    podSpec: { containers: [{ name: 'p', image: 'p:1' }] },
    constraintId: null,
  };
}

/** How a layer client reaches PostgreSQL in the comparison. */
type Route = 'direct, poolerMode transaction' | 'PgBouncer, poolerMode transaction';

/**
 * What `poolerMode: 'transaction'` costs on PostgreSQL, against the default direct connection
 * with named prepared statements: once on a direct connection (the cost of unnamed statements
 * alone) and once through a real PgBouncer in transaction mode (plus the pooler's hop).
 */
export async function benchPoolerCost(
  adminDsn: string,
  scale: { small: number; rounds: number; ops: number; warmup: number },
  report: (operation: string, route: Route, comparison: Comparison) => void,
): Promise<void> {
  const bench = await createBenchDatabase('postgres', adminDsn);
  const bouncer = await startPgBouncer({ serverUrl: adminDsn, poolSize: 10 });
  const dbs: Database[] = [];
  try {
    await seedWithCli('postgres', bench.dsn, { jobs: scale.small, runsPerJob: 0, reset: false });
    const viaBouncer = new URL(bouncer.url);
    viaBouncer.pathname = new URL(bench.dsn).pathname;
    const open = async (dsn: string, poolerMode: 'none' | 'transaction') => {
      const db = await openWithConfig({ driver: 'postgres', dsn, poolerMode });
      dbs.push(db);
      return layerClient(db);
    };
    const baseline = await open(bench.dsn, 'none');
    const routes: Array<[Route, BenchClient]> = [
      ['direct, poolerMode transaction', await open(bench.dsn, 'transaction')],
      ['PgBouncer, poolerMode transaction', await open(viaBouncer.toString(), 'transaction')],
    ];
    const ids = (await baseline.getAllJobs()).map((j) => j.id);
    const pick = (i: number) => ids[(i * 7919) % ids.length] as string;
    const opts = { rounds: scale.rounds, opsPerRound: scale.ops, warmup: scale.warmup };
    const made = (scale.warmup + scale.rounds * scale.ops) * 2;
    // Runs are keyed by job and scheduled time too: each side of each route gets a year of its own.
    let year = 2033;
    const side = (client: BenchClient, prefix: string): Side => {
      const base = Date.UTC(year++, 0, 1);
      return {
        client,
        prefix,
        run: (i) => ({
          jobId: pick(i),
          runId: `pooler-run-${prefix}-${i}`,
          scheduledAt: new Date(base + i * 1000),
          status: 'running',
        }),
      };
    };
    const operations: Array<[string, (s: Side, i: number) => Promise<unknown>, CompareOptions?]> = [
      ['create job', (s, i) => s.client.createJob(newJob(s.prefix, i))],
      ['get job by id', (s, i) => s.client.getJob(pick(i))],
      ['create run in a transaction', (s, i) => s.client.createRunInTransaction(s.run(i))],
      ['complete run', (s, i) => s.client.completeRun(`pooler-run-${s.prefix}-${i % made}`, true, null)],
      [
        `get all jobs (${scale.small.toLocaleString('en')})`,
        (s) => s.client.getAllJobs(),
        { rounds: scale.rounds, opsPerRound: 3, warmup: 1 },
      ],
    ];
    for (const [route, client] of routes) {
      const prefix = route.startsWith('direct') ? 'unnamed' : 'bouncer';
      const [tried, direct] = [side(client, prefix), side(baseline, `${prefix}-base`)];
      for (const [operation, op, options = opts] of operations) {
        const comparison = await compare(
          (i) => op(tried, i),
          (i) => op(direct, i),
          options,
        );
        report(operation, route, comparison);
      }
    }
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await bouncer.stop();
    await bench.drop();
  }
}
