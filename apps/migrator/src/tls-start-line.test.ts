import { describe, expect, it } from 'vitest';
import { jsonEvents, runCli } from './cli.test-support.js';

// Port 1 of 127.0.0.1: nothing listens, so the run stops at connecting, after its start line.
describe('itinerary-migrate and TLS', () => {
  it('shows the TLS mode of the URL in its start line, and never the password', async () => {
    const run = await runCli([
      'status',
      '--database-url',
      'postgres://app:s3cret-pw@127.0.0.1:1/it?sslmode=verify-full&sslrootcert=system',
    ]);
    expect(run.stdout).toContain('status: postgres postgres://app:***@127.0.0.1:1/it?sslmode=verify-full');
    expect(run.stdout).toContain('(TLS verify-full)');
    expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
    expect(run.code).toBe(1);
    const json = await runCli([
      'status',
      '--json',
      '--database-url',
      'mysql://root@127.0.0.1:1/it?ssl-mode=REQUIRED',
    ]);
    expect(jsonEvents(json.stdout)[0]).toMatchObject({
      event: 'start',
      database: 'mysql mysql://root@127.0.0.1:1/it?ssl-mode=REQUIRED (TLS require)',
    });
    const plain = await runCli(['status', '--database-url', 'postgres://app@127.0.0.1:1/it']);
    expect(plain.stdout).toContain('(TLS off)');
  });

  it('exits 2 on a misspelt URL parameter, naming it, before connecting', async () => {
    const run = await runCli(['status', '--database-url', 'mysql://root@127.0.0.1:1/it?ssl-moed=REQUIRED']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown database URL parameter "ssl-moed"/);
    const prefer = await runCli(['up', '--database-url', 'postgres://app@127.0.0.1:1/it?sslmode=prefer']);
    expect(prefer.code).toBe(2);
    expect(prefer.stderr).toMatch(/sslmode=prefer is not supported/);
  });
});
