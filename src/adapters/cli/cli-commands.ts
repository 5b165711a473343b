import { ClientsDeactivateCommand } from './commands/clients/deactivate.command.js';
import { ClientsDeleteCommand } from './commands/clients/delete.command.js';
import { ClientsLsCommand } from './commands/clients/ls.command.js';
import { ClientsShowCommand } from './commands/clients/show.command.js';
import { DbDowngradeCommand } from './commands/db/downgrade.command.js';
import { DbHistoryCommand } from './commands/db/history.command.js';
import { DbInitCommand } from './commands/db/init.command.js';
import { DbStampCommand } from './commands/db/stamp.command.js';
import { DbStatusCommand } from './commands/db/status.command.js';
import { DbUpgradeCommand } from './commands/db/upgrade.command.js';
import { InitCommand } from './commands/init.command.js';
import { JobsAddBatchCommand } from './commands/jobs/add-batch.command.js';
import { JobsAddCommand } from './commands/jobs/add.command.js';
import { JobsCancelCommand } from './commands/jobs/cancel.command.js';
import { JobsDeleteCommand } from './commands/jobs/delete.command.js';
import { JobsDepsCommand } from './commands/jobs/deps.command.js';
import { JobsLsCommand } from './commands/jobs/ls.command.js';
import { JobsRetryCommand } from './commands/jobs/retry.command.js';
import { JobsShowCommand } from './commands/jobs/show.command.js';
import { JobsSweepCommand } from './commands/jobs/sweep.command.js';
import { ProjectsArchiveCommand } from './commands/projects/archive.command.js';
import { ProjectsCreateCommand } from './commands/projects/create.command.js';
import { ProjectsDeleteCommand } from './commands/projects/delete.command.js';
import { ProjectsLsCommand } from './commands/projects/ls.command.js';
import { ProjectsShowCommand } from './commands/projects/show.command.js';
import { ProjectsUpdateCommand } from './commands/projects/update.command.js';
import { QueueClearCommand } from './commands/queue/clear.command.js';
import { QueueLsCommand } from './commands/queue/ls.command.js';
import { QueueStatsCommand } from './commands/queue/stats.command.js';
import { CompletionCommand } from './commands/completion.command.js';
import { StatusCommand } from './commands/status.command.js';
import { TasksCreateCommand } from './commands/tasks/create.command.js';
import { TasksDeleteCommand } from './commands/tasks/delete.command.js';
import { TasksLsCommand } from './commands/tasks/ls.command.js';
import { TasksShowCommand } from './commands/tasks/show.command.js';
import { TasksUpdateCommand } from './commands/tasks/update.command.js';
import { TestAuthCommand } from './commands/test-auth.command.js';

/** The people-facing commands (server and worker are registered on their own). */
export const CLI_COMMANDS = [
  InitCommand,
  StatusCommand,
  TestAuthCommand,
  ProjectsLsCommand,
  ProjectsCreateCommand,
  ProjectsShowCommand,
  ProjectsDeleteCommand,
  ProjectsArchiveCommand,
  ProjectsUpdateCommand,
  TasksLsCommand,
  TasksCreateCommand,
  TasksShowCommand,
  TasksUpdateCommand,
  TasksDeleteCommand,
  JobsLsCommand,
  JobsAddCommand,
  JobsAddBatchCommand,
  JobsSweepCommand,
  JobsShowCommand,
  JobsDepsCommand,
  JobsCancelCommand,
  JobsRetryCommand,
  JobsDeleteCommand,
  QueueLsCommand,
  QueueStatsCommand,
  QueueClearCommand,
  ClientsLsCommand,
  ClientsShowCommand,
  ClientsDeactivateCommand,
  ClientsDeleteCommand,
  DbUpgradeCommand,
  DbDowngradeCommand,
  DbStatusCommand,
  DbHistoryCommand,
  DbStampCommand,
  DbInitCommand,
  CompletionCommand,
] as const;
