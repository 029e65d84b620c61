import { type Database, openWithConfig } from '@itinerary/db-core';
import { startPgBouncer } from '@itinerary/db-core/testing/pgbouncer';
import type { BenchClient, NewJob } from './bench-client.js';
import { createBenchDatabase } from './bench-database.js';
import { layerClient } from './layer-client.js';
import { type Comparison, compare } from './measure.js';
import { seedWithCli } from './seed-with-cli.js';

/** How a layer client reaches PostgreSQL in the comparison. */
type Route = 'direct, poolerMode transaction' | 'PgBouncer, poolerMode transaction';

/**
 * What `poolerMode: 'transaction'` costs on PostgreSQL, against the default direct connection
 * with named prepared statements: once on a direct connection (the cost of unnamed statements
 * alone) and once through a real PgBouncer in transaction mode (plus the pooler's hop).
 */
export async function benchPoolerCost(
  adminDsn: string,
  scale: { small: number; rounds: number; ops: number },
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
    const opts = { rounds: scale.rounds, opsPerRound: scale.ops };
    // Runs are keyed by job and scheduled time too: each side of each route gets a year of its own.
    let year = 2033;
    for (const [route, client] of routes) {
      const side = route.startsWith('direct') ? 'unnamed' : 'bouncer';
      const job = (prefix: string) => (i: number) =>
        ({
          id: `pooler-${prefix}-${i}`,
          name: `Pooler ${i}`,
          schedule: '*/5 * * * *',
          podSpec: { containers: [{ name: 'p', image: 'p:1' }] },
          constraintId: null,
        }) satisfies NewJob;
      const run = (prefix: string) => {
        const base = Date.UTC(year++, 0, 1);
        return (i: number) => ({
          jobId: pick(i),
          runId: `pooler-run-${prefix}-${i}`,
          scheduledAt: new Date(base + i * 1000),
          status: 'running' as const,
        });
      };
      const [mine, theirs] = [`${side}`, `${side}-base`];
      const [myRun, theirRun] = [run(mine), run(theirs)];
      report(
        'create job',
        route,
        await compare(
          { name: route, op: (i) => client.createJob(job(mine)(i)) },
          { name: 'direct', op: (i) => baseline.createJob(job(theirs)(i)) },
          opts,
        ),
      );
      report(
        'get job by id',
        route,
        await compare(
          { name: route, op: (i) => client.getJob(pick(i)) },
          { name: 'direct', op: (i) => baseline.getJob(pick(i)) },
          opts,
        ),
      );
      report(
        'create run in a transaction',
        route,
        await compare(
          { name: route, op: (i) => client.createRunInTransaction(myRun(i)) },
          { name: 'direct', op: (i) => baseline.createRunInTransaction(theirRun(i)) },
          opts,
        ),
      );
      const made = (scale.rounds + 1) * scale.ops * 2;
      report(
        'complete run',
        route,
        await compare(
          { name: route, op: (i) => client.completeRun(`pooler-run-${mine}-${i % made}`, true, null) },
          { name: 'direct', op: (i) => baseline.completeRun(`pooler-run-${theirs}-${i % made}`, true, null) },
          opts,
        ),
      );
      report(
        `get all jobs (${scale.small.toLocaleString('en')})`,
        route,
        await compare(
          { name: route, op: () => client.getAllJobs() },
          { name: 'direct', op: () => baseline.getAllJobs() },
          { rounds: scale.rounds, opsPerRound: 3, warmup: 1 },
        ),
      );
    }
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await bouncer.stop();
    await bench.drop();
  }
}
