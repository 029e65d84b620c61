import { mkdir, writeFile } from 'node:fs/promises';
import { dialectTargets, type TargetName } from '@itinerary/db-core/testing';
import { pgbouncerProblem } from '@itinerary/db-core/testing/pgbouncer';
import { benchReplicas, type ReplicasFigure } from './replicas-bench.js';

/**
 * `pnpm bench -- --replicas N`: the "N replicas against one" scenario on every configured target
 * (or those of `--dialects`), PgBouncer included, printed as a table and written to
 * .reports/bench-replicas.json. Returns the exit code.
 */
export async function runReplicasBench(
  replicas: number,
  quick: boolean,
  only: readonly TargetName[] | undefined,
): Promise<number> {
  const scale = quick ? { jobs: 10, times: 20, rounds: 1 } : { jobs: 20, times: 100, rounds: 3 };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const figures: ReplicasFigure[] = [];
  const postgres = dialectTargets().find((t) => t.name === 'postgres');
  for (const target of dialectTargets()) {
    if (only && !only.includes(target.name)) continue;
    const viaPgBouncer = target.name === 'pgbouncer';
    // The bench starts its own PgBouncer in front of PostgreSQL, as the tests' setup does.
    if (viaPgBouncer && postgres?.available) {
      target.adminDsn = postgres.adminDsn;
      target.available = true;
    }
    if (!target.available) {
      log(`${target.name}: not measured (no URL configured)`);
      continue;
    }
    const problem = viaPgBouncer ? pgbouncerProblem() : undefined;
    if (problem) {
      log(`pgbouncer: not measured: ${problem}`);
      continue;
    }
    figures.push(
      await benchReplicas(
        { name: target.name, driver: target.driver, adminDsn: target.adminDsn, viaPgBouncer },
        replicas,
        scale,
        log,
      ),
    );
  }
  console.log(
    `\n${replicas} scheduler replicas against one (${scale.jobs * scale.times} slots, every replica every slot, 3 updates a run, batches of 25; ${quick ? 'quick: not figures to quote' : `median of ${scale.rounds} rounds`}):`,
  );
  console.table(
    figures.map((f) => ({
      target: f.target,
      'one replica runs/s': Math.round(f.oneRunsPerSec),
      [`${replicas} replicas runs/s`]: Math.round(f.manyRunsPerSec),
      ratio: Number(f.ratio.toFixed(2)),
      [`${replicas} replicas updates answered/s`]: Math.round(f.manyUpdatesPerSec),
    })),
  );
  await mkdir('.reports', { recursive: true });
  await writeFile(
    '.reports/bench-replicas.json',
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, scale, figures }, null, 2)}\n`,
  );
  console.log('results written to .reports/bench-replicas.json');
  return 0;
}
