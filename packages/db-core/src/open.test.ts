import { describe, expect, it } from 'vitest';
import { resolveConfig } from './database.js';
import { loadDriver } from './dialects/load-driver.js';
import { UsageError } from './errors.js';
import { openWithConfig } from './open.js';

describe('configuration', () => {
  it('fills in the spec defaults', () => {
    const config = resolveConfig({ driver: 'postgres', dsn: 'postgres://localhost/x' });
    expect(config).toMatchObject({
      maxOpenConns: 25,
      maxIdleConns: 5,
      connMaxLifetimeMs: 300_000,
      connMaxIdleTimeMs: 300_000,
    });
  });

  it('rejects a bad setting with a message naming it, before connecting', async () => {
    await expect(openWithConfig({ driver: 'postgres', dsn: 'x', maxOpenConns: -1 })).rejects.toThrow(
      /config\.maxOpenConns must be a non-negative integer, got -1/,
    );
    await expect(openWithConfig({ driver: 'oracle' as never, dsn: 'x' })).rejects.toThrow(
      /unknown driver "oracle"/,
    );
    await expect(openWithConfig({ driver: 'sqlite3', dsn: '' })).rejects.toThrow(/DSN is empty/);
    await expect(
      openWithConfig({ driver: 'mysql', dsn: 'mysql://x', connMaxIdleTimeMs: 1.5 }),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses pooler and replica settings where they cannot work, saying why', async () => {
    await expect(
      openWithConfig({ driver: 'mysql', dsn: 'mysql://x', poolerMode: 'transaction' }),
    ).rejects.toThrow(/poolerMode 'transaction' is for PostgreSQL behind PgBouncer; the mysql driver/);
    await expect(
      openWithConfig({ driver: 'postgres', dsn: 'postgres://x', poolerMode: 'session' as never }),
    ).rejects.toThrow(/config\.poolerMode must be one of none, transaction, got "session"/);
    await expect(
      openWithConfig({
        driver: 'postgres',
        dsn: 'postgres://x',
        poolerMode: 'transaction',
        statementTimeoutMs: 1000,
      }),
    ).rejects.toThrow(/statementTimeoutMs cannot be used with poolerMode 'transaction'.*ALTER ROLE/);
    await expect(openWithConfig({ driver: 'sqlite3', dsn: ':memory:', replicas: ['x.db'] })).rejects.toThrow(
      /config\.replicas is supported on PostgreSQL only, not on sqlite3/,
    );
    await expect(openWithConfig({ driver: 'postgres', dsn: 'postgres://x', replicas: [''] })).rejects.toThrow(
      /config\.replicas must be an array of connection URLs/,
    );
    await expect(
      openWithConfig({ driver: 'postgres', dsn: 'postgres://x', maxReplicaLagMs: -5 }),
    ).rejects.toThrow(/config\.maxReplicaLagMs must be a non-negative integer, got -5/);
  });

  it('names the npm package to install when a driver is missing', async () => {
    await expect(loadDriver('itinerary-no-such-driver', 'postgres')).rejects.toThrow(
      /the postgres driver needs the npm package "itinerary-no-such-driver", which is not installed/,
    );
  });
});
