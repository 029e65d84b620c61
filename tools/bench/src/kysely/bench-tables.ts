/** The two tables the bench touches, as Kysely's schema type: the project's own columns. */
export interface BenchTables {
  jobs: {
    id: string;
    name: string;
    schedule: string;
    /** A JSON string on the way in; how it comes back depends on the driver (see RawDecoders). */
    pod_spec: unknown;
    constraint_id: string | null;
    created_at: unknown;
    updated_at: unknown;
  };
  job_runs: {
    job_id: string;
    run_id: string;
    scheduled_at: unknown;
    started_at: unknown;
    completed_at: unknown;
    status: string;
    success: unknown;
    error: string | null;
  };
}
