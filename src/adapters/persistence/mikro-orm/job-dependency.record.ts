/** A row of `job_dependencies`: `jobId` waits for `dependsOnId`. */
export interface JobDependencyRecord {
  jobId: number;
  dependsOnId: number;
}
