import { DbError, type Executor } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BadInputCase, badInputCorpus, seedBadInputFixtures } from './bad-input-corpus.test-support.js';
import { databaseDigest, TABLES, tableCounts } from './database-digest.test-support.js';
import { useMigratedDatabase } from './migrated-database.test-support.js';

/** True when a ValidationError points at `field`: the argument it names, or one of its issues' paths. */
function namesField(err: ValidationError, field: string): boolean {
  if (err.entity === field) return true;
  return err.issues.some(({ path, message }) => {
    if (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) return true;
    // An unknown field is reported on the object that holds it: 'unknown field "evil"'.
    if (!message.startsWith('unknown field')) return false;
    const keys = [...message.matchAll(/(?:field|,) "([^"]+)"/g)].map((m) => m[1]);
    return keys.some((key) => (path === '' ? key : `${path}.${key}`) === field);
  });
}

/** Runs one case and checks its outcome, and that the database changed only as the case allows. */
async function check(db: Executor, c: BadInputCase): Promise<void> {
  const { outcome } = c;
  if (outcome.kind === 'stored') {
    const before = await tableCounts(db);
    await c.call(db);
    expect(await outcome.read(db)).toEqual(outcome.equals);
    // Stored verbatim and never executed: exactly the rows the write adds, nothing dropped or emptied.
    const after = await tableCounts(db);
    for (const table of TABLES) expect(after[table], table).toBe(before[table] + (outcome.adds[table] ?? 0));
    return;
  }
  const before = await databaseDigest(db);
  if (outcome.kind === 'returns') {
    expect(await c.call(db)).toEqual(outcome.equals);
  } else {
    const err = await c.call(db).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (outcome.kind === 'invalid') {
      expect(err, 'a ValidationError').toBeInstanceOf(ValidationError);
      const { message, issues } = err as ValidationError;
      expect(namesField(err as ValidationError, outcome.field), `${message} names ${outcome.field}`).toBe(
        true,
      );
      expect(issues.length).toBeGreaterThan(0);
    } else {
      expect(err, `a ${outcome.error.name}`).toBeInstanceOf(outcome.error);
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).message).not.toBe('');
    }
  }
  // Refused (or merely read): not a row inserted, changed or deleted anywhere.
  expect(await databaseDigest(db)).toBe(before);
}

const corpus = badInputCorpus();

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] bad input`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      await seedBadInputFixtures(db());
    });

    // Cases run in order: the stored cases of one value build on each other.
    it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      await check(db(), c);
    });
  });
}
