import { describe, expect, it } from 'vitest';
import { runCli } from './cli.test-support.js';

describe('itinerary-seed and TLS', () => {
  it('shows the TLS mode in its start line; a misspelt URL parameter exits 2 naming it', async () => {
    // Port 1 of 127.0.0.1: nothing listens, so the run stops at connecting, after its start line.
    const run = await runCli([
      '--fixtures',
      '--database-url',
      'postgres://app@127.0.0.1:1/it?sslmode=require',
    ]);
    expect(run.stdout).toContain(
      'itinerary-seed: postgres postgres://app@127.0.0.1:1/it?sslmode=require (TLS require)',
    );
    expect(run.code).not.toBe(0);
    const typo = await runCli([
      '--fixtures',
      '--database-url',
      'postgres://app@127.0.0.1:1/it?sslmoed=require',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown database URL parameter "sslmoed"/);
  });
});
