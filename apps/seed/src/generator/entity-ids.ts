// Ids carry the job's number, zero-padded so they sort in creation order up to a million jobs.
const pad = (index: number) => String(index + 1).padStart(6, '0');

/** The id of job number `index` (0-based). */
export function jobId(index: number): string {
  return `job-${pad(index)}`;
}

/** The id of the constraint owned by job number `index`. */
export function constraintId(jobIndex: number): string {
  return `constraint-${pad(jobIndex)}`;
}

/** The id of action number `index`. */
export function actionId(index: number): string {
  return `action-${String(index + 1).padStart(4, '0')}`;
}
