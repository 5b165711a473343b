import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';

export interface ManifestOptions {
  /** The Kubernetes Job's name (DNS-1123, unique per run). */
  readonly name: string;
  readonly image: string;
  readonly namespace: string | null;
  readonly env: Readonly<Record<string, string>>;
}

/** Labels that find a WhatsNext job's Kubernetes objects again. */
export const jobLabels = ({ job }: ClaimedJob): Record<string, string> => ({
  'app.kubernetes.io/managed-by': 'whatsnext',
  'whatsnext.io/job-id': String(job.id),
  'whatsnext.io/project-id': String(job.projectId),
});

/** A name Kubernetes accepts (lower-case letters, digits, '-', at most 63) that no earlier run has. */
export const kubernetesJobName = ({ job }: ClaimedJob, suffix: string): string => {
  const base = job.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30);
  return `wn-${job.id}-${base ? `${base}-` : ''}${suffix}`.slice(0, 63).replace(/-+$/, '');
};

/** Requests and limits alike: the job gets exactly what its task asks for. */
const resources = ({ cpu, accelerators, memoryMb }: ClaimedJob['job']['requirements']): Record<string, string> => ({
  ...(cpu > 0 ? { cpu: String(cpu) } : {}),
  ...(memoryMb > 0 ? { memory: `${memoryMb}Mi` } : {}),
  ...(accelerators > 0 ? { 'nvidia.com/gpu': String(accelerators) } : {}),
});

/**
 * A `batch/v1` Job running the argv once (no retries: WhatsNext decides about retries), as JSON,
 * which `kubectl apply -f -` reads as YAML.
 */
export const jobManifest = (claimed: ClaimedJob, argv: readonly string[], options: ManifestOptions) => {
  const labels = jobLabels(claimed);
  const wanted = resources(claimed.job.requirements);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.name, ...(options.namespace === null ? {} : { namespace: options.namespace }), labels },
    spec: {
      backoffLimit: 0,
      ...(claimed.task.timeoutSeconds === null ? {} : { activeDeadlineSeconds: Math.ceil(claimed.task.timeoutSeconds) }),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'job',
              image: options.image,
              command: [...argv],
              env: Object.entries(options.env).map(([name, value]) => ({ name, value })),
              resources: { requests: wanted, limits: wanted },
            },
          ],
        },
      },
    },
  };
};
