import type { Job, JobRun, JsonObject } from '@itinerary/db-schema';

/** A new job as the benchmark writes it. */
export interface NewJob {
  id: string;
  name: string;
  schedule: string;
  podSpec: JsonObject | null;
  constraintId: string | null;
}

/** A new run as the benchmark writes it. */
export interface NewRun {
  jobId: string;
  runId: string;
  scheduledAt: Date;
  status: JobRun['status'];
}

/**
 * The operations compared, implemented once through the layer and once with the raw driver
 * used the fastest idiomatic way; both return the same values (Dates, booleans, parsed JSON).
 */
export interface BenchClient {
  createJob(job: NewJob): Promise<void>;
  getJob(id: string): Promise<Job>;
  getAllJobs(): Promise<Job[]>;
  createRunInTransaction(run: NewRun): Promise<void>;
  getJobRuns(jobId: string, limit: number): Promise<JobRun[]>;
  completeRun(runId: string, success: boolean, error: string | null): Promise<void>;
  close(): Promise<void>;
}
