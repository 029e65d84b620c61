import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDsn, resolveConnection } from './connection-url.js';

describe('database URLs', () => {
  it('recognises every accepted form', () => {
    expect(parseDatabaseUrl('postgresql://u:p@h/db')).toEqual({
      driver: 'postgres',
      dsn: 'postgresql://u:p@h/db',
    });
    expect(parseDatabaseUrl('mariadb://root@h:3306/db')).toEqual({
      driver: 'mysql',
      dsn: 'mysql://root@h:3306/db',
    });
    expect(parseDatabaseUrl('sqlite:./data/it.db')).toEqual({ driver: 'sqlite3', dsn: './data/it.db' });
    expect(parseDatabaseUrl('sqlite://:memory:')).toEqual({ driver: 'sqlite3', dsn: ':memory:' });
    expect(parseDatabaseUrl('./itinerary.db')).toEqual({ driver: 'sqlite3', dsn: './itinerary.db' });
    expect(() => parseDatabaseUrl('oracle://x')).toThrow(/unsupported database URL scheme "oracle:"/);
    expect(() => parseDatabaseUrl('  ')).toThrow(/empty/);
  });

  it('takes flags first, then DATABASE_URL, then the default', () => {
    const env = { DATABASE_URL: 'mysql://env/db' };
    expect(resolveConnection({ databaseUrl: 'sqlite:a.db', env })).toEqual({
      driver: 'sqlite3',
      dsn: 'a.db',
    });
    expect(resolveConnection({ driver: 'postgres', dsn: 'postgres://x/y', env })).toEqual({
      driver: 'postgres',
      dsn: 'postgres://x/y',
    });
    expect(resolveConnection({ env })).toEqual({ driver: 'mysql', dsn: 'mysql://env/db' });
    expect(resolveConnection({ env: {}, defaultUrl: 'sqlite:./itinerary.db' })).toEqual({
      driver: 'sqlite3',
      dsn: './itinerary.db',
    });
    expect(() => resolveConnection({ databaseUrl: 'a.db', driver: 'mysql', env })).toThrow(/not both/);
    expect(() => resolveConnection({ driver: 'mysql', env })).toThrow(/go together/);
    expect(() => resolveConnection({ driver: 'db2', dsn: 'x', env })).toThrow(/unknown driver "db2"/);
  });

  it('hides passwords', () => {
    expect(redactDsn('postgres://app:s3cr%40t@db:5432/it')).toBe('postgres://app:***@db:5432/it');
    expect(redactDsn('mysql://root@db/it?password=hunter2&ssl=1')).toBe(
      'mysql://root@db/it?password=***&ssl=1',
    );
    expect(redactDsn('postgres://app:p@ss:w@db/it')).toBe('postgres://app:***@db/it');
    expect(redactDsn('./itinerary.db')).toBe('./itinerary.db');
  });
});
