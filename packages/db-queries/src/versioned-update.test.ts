import { LostUpdateError, NotFoundError } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { describe, expect, it } from 'vitest';
import { useMigratedDatabase } from './migrated-database.test-support.js';
import { createConstraint, getConstraint, updateConstraint } from './repositories/constraints.js';
import { createJob, deleteJob, getJob, updateJob } from './repositories/jobs.js';

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] read-modify-write of jobs and constraints`, () => {
    const db = useMigratedDatabase(target);

    it('updateJob takes what getJob returned, and refuses it once the row changed since the read', async () => {
      await createJob(db(), { id: 'rmw-job', name: 'Before', schedule: '* * * * *' });
      const read = await getJob(db(), 'rmw-job');
      const updated = await updateJob(db(), { ...read, name: 'After' });
      expect(updated).toMatchObject({ name: 'After', createdAt: read.createdAt });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(read.updatedAt.getTime());

      // A second writer based on the same (now stale) read loses, and writes nothing.
      const lost = updateJob(db(), { ...read, name: 'Lost', schedule: '@hourly' });
      await expect(lost).rejects.toBeInstanceOf(LostUpdateError);
      await expect(lost).rejects.toMatchObject({ expected: read.updatedAt, actual: updated.updatedAt });
      expect(await getJob(db(), 'rmw-job')).toEqual(updated);

      // Without updatedAt the last write wins, as before.
      expect(await updateJob(db(), { id: 'rmw-job', name: 'Forced', schedule: '@hourly' })).toMatchObject({
        name: 'Forced',
      });
      await deleteJob(db(), 'rmw-job');
      await expect(updateJob(db(), { ...read })).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateJob(db(), { ...read, updatedAt: 'yesterday' as never })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('updateConstraint takes what getConstraint returned, and refuses it once the row changed since the read', async () => {
      await createConstraint(db(), { id: 'rmw-c', maxConcurrentRuns: 1 });
      const read = await getConstraint(db(), 'rmw-c');
      const updated = await updateConstraint(db(), { ...read, maxConcurrentRuns: 2 });
      expect(updated).toMatchObject({ maxConcurrentRuns: 2, createdAt: read.createdAt });
      await expect(updateConstraint(db(), { ...read, maxConcurrentRuns: 3 })).rejects.toBeInstanceOf(
        LostUpdateError,
      );
      expect(await getConstraint(db(), 'rmw-c')).toEqual(updated);
      expect(await updateConstraint(db(), { ...updated, catchUp: true })).toMatchObject({
        maxConcurrentRuns: 2,
        catchUp: true,
      });
    });
  });
}
