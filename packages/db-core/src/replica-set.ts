import type { ResolvedConfig } from './config.js';
import type { ReplicaLagQueries } from './dialects/dialect.js';
import { ConnectionError, PoolTimeoutError, TransactionConflictError } from './errors.js';
import type { Executor } from './executor.js';

/** What the replica set needs of a replica's own pool: the query primitives and a way to close it. */
export interface ReplicaDatabase extends Executor {
  close(): Promise<void>;
}

/** One replica's state, as of its last health and lag check. */
export interface ReplicaHealth {
  /** The replica's URL with its password hidden. */
  readonly name: string;
  /** True when the last check reached it and its lag was within `maxReplicaLagMs`. */
  readonly usable: boolean;
  /** Replay lag at the last check, in milliseconds; undefined when it could not be read. */
  readonly lagMs: number | undefined;
  /** Why it is not usable, when it is not. */
  readonly problem: string | undefined;
}

interface Replica {
  readonly name: string;
  readonly db: ReplicaDatabase;
  usable: boolean;
  lagMs: number | undefined;
  problem: string | undefined;
  /** `performance.now()` of the last check; -Infinity before the first. */
  checkedAt: number;
  checking: Promise<void> | undefined;
}

/**
 * The read replicas of a database, each with a pool of its own, and the choice of which one
 * serves the next read: round robin over those that answered their last check with a lag
 * within bounds. A check older than `replicaCheckIntervalMs` is started by the next read, so
 * there is no timer to keep the process alive.
 */
export class ReplicaSet {
  readonly #replicas: Replica[];
  readonly #lag: ReplicaLagQueries;
  readonly #maxLagMs: number;
  readonly #checkIntervalMs: number;
  readonly #checkTimeoutMs: number;
  #next = 0;

  private constructor(replicas: Replica[], lag: ReplicaLagQueries, config: ResolvedConfig) {
    this.#replicas = replicas;
    this.#lag = lag;
    this.#maxLagMs = config.maxReplicaLagMs;
    this.#checkIntervalMs = config.replicaCheckIntervalMs;
    this.#checkTimeoutMs = config.replicaAcquireTimeoutMs;
  }

  /** Opens a pool per replica URL with `openReplica`; connections are made on first use. */
  static async open(
    config: ResolvedConfig,
    lag: ReplicaLagQueries,
    openReplica: (dsn: string) => Promise<ReplicaDatabase>,
    nameOf: (dsn: string) => string,
  ): Promise<ReplicaSet> {
    const replicas: Replica[] = [];
    try {
      for (const dsn of config.replicas) {
        replicas.push({
          name: nameOf(dsn),
          db: await openReplica(dsn),
          usable: false,
          lagMs: undefined,
          problem: 'not checked yet',
          checkedAt: Number.NEGATIVE_INFINITY,
          checking: undefined,
        });
      }
    } catch (err) {
      await Promise.all(replicas.map((r) => r.db.close()));
      throw err;
    }
    return new ReplicaSet(replicas, lag, config);
  }

  /**
   * A replica fit to serve a read now, or undefined when none is. Only a replica never checked
   * makes the read wait for its check; a stale one is re-checked in the background while reads
   * go by its last known state, so a slow or unresponsive replica never holds reads up.
   */
  async pick(primary: Executor): Promise<ReplicaDatabase | undefined> {
    const now = performance.now();
    const unchecked: Promise<void>[] = [];
    for (const replica of this.#replicas) {
      if (now - replica.checkedAt < this.#checkIntervalMs) continue;
      const check = this.#check(replica, primary);
      if (replica.checkedAt === Number.NEGATIVE_INFINITY) unchecked.push(check);
    }
    if (unchecked.length > 0) await Promise.all(unchecked);
    const count = this.#replicas.length;
    for (let i = 0; i < count; i++) {
      const replica = this.#replicas[(this.#next + i) % count] as Replica;
      if (replica.usable) {
        this.#next = (this.#next + i + 1) % count;
        return replica.db;
      }
    }
    return undefined;
  }

  /**
   * Runs `read` on a replica fit to serve it, else on `primary`; also on `primary` when the
   * chosen replica turns out to be unreachable (it is then skipped until a check reaches it),
   * or cancelled the read for a conflict with the replay (SQLSTATE 40001 on a standby).
   */
  async read<R>(read: (executor: Executor) => Promise<R>, primary: Executor): Promise<R> {
    const replica = await this.pick(primary);
    if (replica) {
      try {
        return await read(replica);
      } catch (err) {
        if (!this.#failedOver(replica, err)) throw err;
      }
    }
    return read(primary);
  }

  /**
   * As `read`, for a stream: it moves to the primary only when the replica failed before the
   * first row, as rows already handed out cannot be taken back.
   */
  async *stream<T>(iterate: (executor: Executor) => AsyncIterable<T>, primary: Executor): AsyncGenerator<T> {
    const replica = await this.pick(primary);
    if (replica) {
      let started = false;
      try {
        for await (const row of iterate(replica)) {
          started = true;
          yield row;
        }
        return;
      } catch (err) {
        // Marked down either way; only a failure before the first row can move to the primary.
        const down = this.#failedOver(replica, err);
        if (started || !down) throw err;
      }
    }
    yield* iterate(primary);
  }

  /**
   * True when the read may move to the primary: the replica is unreachable (it is then marked
   * unusable) or cancelled the read to go on replaying (it stays usable).
   */
  #failedOver(db: ReplicaDatabase, err: unknown): boolean {
    if (err instanceof TransactionConflictError) return true;
    if (!(err instanceof ConnectionError || err instanceof PoolTimeoutError)) return false;
    const replica = this.#replicas.find((r) => r.db === db);
    if (replica) {
      replica.usable = false;
      replica.problem = err.message;
      replica.checkedAt = performance.now();
    }
    return true;
  }

  /** Each replica's state as of its last check. */
  health(): ReplicaHealth[] {
    return this.#replicas.map(({ name, usable, lagMs, problem }) => ({ name, usable, lagMs, problem }));
  }

  async close(): Promise<void> {
    await Promise.all(this.#replicas.map((r) => r.db.close()));
  }

  /**
   * Reads the replica's lag; concurrent reads that find the same stale replica share one check.
   * A check that gets no answer within `replicaAcquireTimeoutMs` (a replica gone silent on an
   * open connection) marks the replica unusable and lets a later check try again.
   */
  #check(replica: Replica, primary: Executor): Promise<void> {
    replica.checking ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const lag = this.#readLag(replica, primary);
      // The losing side of the race must not surface as an unhandled rejection later.
      lag.catch(() => undefined);
      try {
        const lagMs = await Promise.race([
          lag,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer to the health check within ${this.#checkTimeoutMs} ms`)),
              this.#checkTimeoutMs,
            );
          }),
        ]);
        replica.lagMs = lagMs;
        replica.usable = lagMs !== undefined && lagMs <= this.#maxLagMs;
        replica.problem = replica.usable
          ? undefined
          : lagMs === undefined
            ? 'replay lag unknown: it has not replayed a transaction since it started, and is behind the primary'
            : `replay lag ${lagMs} ms is beyond maxReplicaLagMs (${this.#maxLagMs} ms)`;
      } catch (err) {
        replica.usable = false;
        replica.lagMs = undefined;
        replica.problem = err instanceof Error ? err.message : String(err);
      } finally {
        clearTimeout(timer);
        replica.checkedAt = performance.now();
        replica.checking = undefined;
      }
    })();
    return replica.checking;
  }

  /** The replica's replay lag behind the primary's WAL position now, or undefined when unknown. */
  async #readLag(replica: Replica, primary: Executor): Promise<number | undefined> {
    const [position] = await primary.query(this.#lag.primaryPosition, [], { prepare: false });
    const [row] = await replica.db.query(this.#lag.replicaLag, [position?.position as string], {
      prepare: false,
    });
    const lagMs = row?.lag_ms == null ? Number.NaN : Number(row.lag_ms);
    return Number.isFinite(lagMs) ? Math.round(lagMs) : undefined;
  }
}
