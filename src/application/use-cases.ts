import { ClaimJob } from './scheduling/claim-job.js';
import { ExpireLeases } from './scheduling/expire-leases.js';
import { ReportAndClaim } from './scheduling/report-and-claim.js';
import { ReportProgress } from './scheduling/report-progress.js';
import { CancelJob } from './jobs/cancel-job.js';
import { ClearQueue } from './jobs/clear-queue.js';
import { DeleteJob } from './jobs/delete-job.js';
import { DependencyStatus } from './jobs/dependency-status.js';
import { GetJob } from './jobs/get-job.js';
import { GraphSliceOf } from './jobs/graph-slice.js';
import { JobHistory } from './jobs/job-history.js';
import { JobNames } from './jobs/job-names.js';
import { ListJobs } from './jobs/list-jobs.js';
import { ProjectGraph } from './jobs/project-graph.js';
import { ProjectRuns } from './jobs/project-runs.js';
import { ProjectThroughput } from './jobs/project-throughput.js';
import { QueueStats } from './jobs/queue-stats.js';
import { RetryJob } from './jobs/retry-job.js';
import { SubmitJobs } from './jobs/submit-jobs.js';
import { SweepFinishedJobs } from './jobs/sweep-finished-jobs.js';
import { UpdateJob } from './jobs/update-job.js';
import { SchedulerGauges } from './metrics/scheduler-gauges.js';
import { CreateProject } from './projects/create-project.js';
import { DeleteProject } from './projects/delete-project.js';
import { GetProject } from './projects/get-project.js';
import { ListProjects } from './projects/list-projects.js';
import { UpdateProject } from './projects/update-project.js';
import { CreateTask } from './tasks/create-task.js';
import { DeleteTask } from './tasks/delete-task.js';
import { GetTask } from './tasks/get-task.js';
import { ListTasks } from './tasks/list-tasks.js';
import { UpdateTask } from './tasks/update-task.js';
import { DeleteWorker } from './workers/delete-worker.js';
import { GetWorker } from './workers/get-worker.js';
import { ListWorkers } from './workers/list-workers.js';
import { RegisterWorker } from './workers/register-worker.js';
import { UpdateWorker } from './workers/update-worker.js';
import { WorkerHeartbeat } from './workers/worker-heartbeat.js';

/** Every use case, by the name the faces of the product call it. */
export const USE_CASES = {
  createProject: CreateProject,
  getProject: GetProject,
  listProjects: ListProjects,
  updateProject: UpdateProject,
  deleteProject: DeleteProject,
  createTask: CreateTask,
  getTask: GetTask,
  listTasks: ListTasks,
  updateTask: UpdateTask,
  deleteTask: DeleteTask,
  submitJobs: SubmitJobs,
  getJob: GetJob,
  jobNames: JobNames,
  listJobs: ListJobs,
  updateJob: UpdateJob,
  deleteJob: DeleteJob,
  cancelJob: CancelJob,
  retryJob: RetryJob,
  dependencyStatus: DependencyStatus,
  jobHistory: JobHistory,
  clearQueue: ClearQueue,
  queueStats: QueueStats,
  projectGraph: ProjectGraph,
  graphSlice: GraphSliceOf,
  projectRuns: ProjectRuns,
  projectThroughput: ProjectThroughput,
  claimJob: ClaimJob,
  reportProgress: ReportProgress,
  reportAndClaim: ReportAndClaim,
  expireLeases: ExpireLeases,
  sweepFinishedJobs: SweepFinishedJobs,
  schedulerGauges: SchedulerGauges,
  registerWorker: RegisterWorker,
  getWorker: GetWorker,
  listWorkers: ListWorkers,
  updateWorker: UpdateWorker,
  workerHeartbeat: WorkerHeartbeat,
  deleteWorker: DeleteWorker,
} as const;

export type UseCases = { readonly [K in keyof typeof USE_CASES]: InstanceType<(typeof USE_CASES)[K]> };
