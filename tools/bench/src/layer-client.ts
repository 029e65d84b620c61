import type { Database } from '@itinerary/db-core';
import {
  completeJobRun,
  createJob,
  createJobRun,
  getAllJobs,
  getJob,
  getJobRuns,
} from '@itinerary/db-queries';
import type { BenchClient } from './bench-client.js';

/** The operations through @itinerary/db-queries. */
export function layerClient(db: Database): BenchClient {
  return {
    createJob: async (job) => {
      await createJob(db, job);
    },
    getJob: (id) => getJob(db, id),
    getAllJobs: () => getAllJobs(db),
    createRunInTransaction: (run) =>
      db.withTransaction(async (tx) => {
        await createJobRun(tx, run);
      }),
    getJobRuns: (jobId, limit) => getJobRuns(db, jobId, limit),
    completeRun: (runId, success, error) => completeJobRun(db, runId, success, error),
    close: () => db.close(),
  };
}
