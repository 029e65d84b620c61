import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { exitCleanUps, freePort } from '../testing/local-processes.js';
import {
  type PrivateServer,
  postgresTools,
  privateServerProblem,
  startPrivateServer,
} from '../testing/private-server.js';

const _execFileAsync = promisify(execFile);

/**
 * A private PostgreSQL primary with a hot standby streaming from it, for tests of reads that may
 * lag behind writes. `privateServerProblem('postgres')` tells whether one can be started here.
 */
export interface StreamingPair {
  /** An administrator URL of the primary (its `postgres` database). */
  readonly primaryUrl: string;
  /** An administrator URL of the standby, which takes read-only sessions. */
  readonly replicaUrl: string;
  readonly replicaPort: number;
  /** Pauses replay on the standby: it keeps receiving WAL but shows none of the later commits. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed every commit the primary made before the call. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Shuts the standby down the way an operator's restart does, closing every session. */
  stopReplica(): Promise<void>;
  /** Starts the standby again and waits until it streams; a paused replay is not paused any more. */
  startReplica(): Promise<void>;
  /** Stops both servers and deletes their directories; safe to call more than once. */
  destroy(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** Starts a private primary and a hot standby of it; call `destroy()` when done. */
export async function startStreamingPair(): Promise<StreamingPair> {
  const problem = privateServerProblem('postgres');
  if (problem) throw new Error(`cannot start a streaming pair: ${problem}`);
  const primary = await startPrivateServer('postgres');
  try {
    return await startReplicaOf(primary);
  } catch (err) {
    await primary.destroy();
    throw err;
  }
}

async function startReplicaOf(primary: PrivateServer): Promise<StreamingPair> {
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-replica-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const replicaUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const tools = await postgresTools(dir, data);
  // The configuration file comes from the primary (port 5432 and all), so everything that matters
  // is given on the command line; a hot standby needs max_connections at least the primary's.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c hot_standby=on',
    '-c fsync=off',
    '-c shared_buffers=16MB',
    '-c max_connections=40',
  ].join(' ');
  let running = false;
  const cleanUpNow = () => {
    if (running) tools.stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  exitCleanUps.add(cleanUpNow);
  const pair: StreamingPair = {
    primaryUrl: primary.url,
    replicaUrl,
    replicaPort: port,
    async pauseReplay() {
      await query(replicaUrl, 'SELECT pg_wal_replay_pause()');
    },
    async resumeReplay() {
      await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
    },
    async waitForReplay(timeoutMs = 10_000) {
      const target = await committedLsn(primary.url);
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const [row] = await query(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [
          target,
        ]);
        if (row?.done) return;
        await sleep(20);
      }
      throw new Error(
        `the replica did not replay up to ${target} within ${timeoutMs} ms (is replay paused?)`,
      );
    },
    async stopReplica() {
      await tools.stop();
      running = false;
    },
    async startReplica() {
      running = true;
      await tools.start(options);
      await waitForStreaming(replicaUrl);
    },
    async destroy() {
      if (running) tools.stopNow();
      running = false;
      exitCleanUps.delete(cleanUpNow);
      await rm(dir, { recursive: true, force: true });
      await primary.destroy();
    },
  };
  try {
    // -R makes the copy a standby of the primary; the slot keeps the primary from recycling WAL
    // that a stopped standby has yet to receive.
    await tools.run('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data],
      ...['-R', '--create-slot', '--slot=itinerary_replica', '--checkpoint=fast', '--no-sync'],
    ]);
    await pair.startReplica();
  } catch (err) {
    await pair.destroy();
    throw err;
  }
  return pair;
}

/** Waits until the standby's WAL receiver streams from the primary. */
async function waitForStreaming(replicaUrl: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [row] = await query(replicaUrl, 'SELECT status FROM pg_stat_wal_receiver');
    if (row?.status === 'streaming') return;
    await sleep(50);
  }
  throw new Error(`the replica did not stream from the primary within ${STARTUP_TIMEOUT_MS} ms`);
}

/**
 * A WAL position of the primary that covers every commit made so far. The private server commits
 * asynchronously, so a commit may still sit in WAL buffers, which are not sent to the standby: a
 * synchronous commit of our own flushes them all.
 */
async function committedLsn(primaryUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = on');
    // A commit is flushed only if its transaction wrote WAL before it: a message is the least WAL.
    await client.query("SELECT pg_logical_emit_message(true, 'itinerary', 'replay marker')");
    const { rows } = await client.query('SELECT pg_current_wal_flush_lsn() AS lsn');
    return rows[0].lsn;
  } finally {
    await client.end();
  }
}

async function query(url: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}
