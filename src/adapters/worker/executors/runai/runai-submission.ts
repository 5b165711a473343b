import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';

export interface RunaiSubmitOptions {
  readonly name: string;
  readonly image: string;
  readonly project: string | null;
  readonly env: Readonly<Record<string, string>>;
  /** More `runai submit` options, as given. */
  readonly extraArgs: readonly string[];
}

/** `runai submit <name> --image … --gpu N --cpu C --memory M … --command -- <argv>`: the argv runs as the container's command. */
export const runaiSubmitArgs = (claimed: ClaimedJob, argv: readonly string[], options: RunaiSubmitOptions): string[] => {
  const { cpu, accelerators, memoryMb } = claimed.job.requirements;
  return [
    'submit',
    options.name,
    '--image',
    options.image,
    ...(options.project === null ? [] : ['--project', options.project]),
    ...(accelerators > 0 ? ['--gpu', String(accelerators)] : []),
    ...(cpu > 0 ? ['--cpu', String(cpu)] : []),
    ...(memoryMb > 0 ? ['--memory', `${memoryMb}M`] : []),
    ...Object.entries(options.env).flatMap(([name, value]) => ['--environment', `${name}=${value}`]),
    ...options.extraArgs,
    '--command',
    '--',
    ...argv,
  ];
};

/** `--project` for the commands that look a job up. */
export const projectArgs = (project: string | null): string[] => (project === null ? [] : ['--project', project]);
