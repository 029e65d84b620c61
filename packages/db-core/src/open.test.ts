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

  it('names the npm package to install when a driver is missing', async () => {
    await expect(loadDriver('itinerary-no-such-driver', 'postgres')).rejects.toThrow(
      /the postgres driver needs the npm package "itinerary-no-such-driver", which is not installed/,
    );
  });
});
