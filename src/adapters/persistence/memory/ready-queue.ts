import { claimOrder, isReady, type Job } from '../../../domain/job.js';
import { fits, type Offer, type Requirements } from '../../../domain/resources.js';
import { IndexedHeap } from './indexed-heap.js';

type ReadyEntry = Pick<Job, 'id' | 'projectId' | 'priority' | 'requirements'>;

const claimedFirst = (a: ReadyEntry, b: ReadyEntry): boolean => claimOrder(a, b) < 0;
const newHeap = (): IndexedHeap<ReadyEntry> => new IndexedHeap((entry) => entry.id, claimedFirst);

const classKey = (r: Requirements): string => `${r.cpu}/${r.accelerators}/${r.memoryMb}`;

const sameRequirements = (a: Requirements, b: Requirements): boolean =>
  a.cpu === b.cpu && a.accelerators === b.accelerators && a.memoryMb === b.memoryMb;

const isUnfiltered = (offer: Offer): boolean => offer.cpu === null && offer.accelerators === null && offer.memoryMb === null;

interface RequirementClass {
  readonly requirements: Requirements;
  readonly heap: IndexedHeap<ReadyEntry>;
}

/** One project's ready jobs: all of them in claim order, and again per requirement class. */
class ProjectQueue {
  readonly all = newHeap();
  readonly classes = new Map<string, RequirementClass>();
}

/**
 * The claim index: every ready job (PENDING, no unmet dependency) in claim order. An unfiltered
 * claim reads the top of the project's heap, O(log n) to take; a filtered claim compares the top
 * of each requirement class that fits the offer, O(classes + log n).
 */
export class ReadyQueue {
  private readonly projects = new Map<number, ProjectQueue>();

  /** Follow one job from `previous` to `next` (either may be absent). */
  update(previous: Job | undefined, next: Job | undefined): void {
    const was = previous !== undefined && isReady(previous);
    const is = next !== undefined && isReady(next);
    if (was && is && sameSlot(previous, next)) return;
    if (was) this.remove(previous);
    if (is) this.add(next);
  }

  /** The id of the first ready job of the project that fits the offer, in claim order. */
  first(projectId: number, offer: Offer): number | null {
    const queue = this.projects.get(projectId);
    if (queue === undefined) return null;
    if (isUnfiltered(offer)) return queue.all.peek()?.id ?? null;
    let best: ReadyEntry | undefined;
    for (const requirementClass of queue.classes.values()) {
      if (!fits(requirementClass.requirements, offer)) continue;
      const top = requirementClass.heap.peek();
      if (top !== undefined && (best === undefined || claimedFirst(top, best))) best = top;
    }
    return best?.id ?? null;
  }

  private add(job: Job): void {
    const entry: ReadyEntry = { id: job.id, projectId: job.projectId, priority: job.priority, requirements: job.requirements };
    let queue = this.projects.get(job.projectId);
    if (queue === undefined) {
      queue = new ProjectQueue();
      this.projects.set(job.projectId, queue);
    }
    const key = classKey(job.requirements);
    let requirementClass = queue.classes.get(key);
    if (requirementClass === undefined) {
      requirementClass = { requirements: job.requirements, heap: newHeap() };
      queue.classes.set(key, requirementClass);
    }
    queue.all.push(entry);
    requirementClass.heap.push(entry);
  }

  private remove(job: Job): void {
    const queue = this.projects.get(job.projectId);
    if (queue === undefined) return;
    queue.all.remove(job.id);
    const key = classKey(job.requirements);
    const requirementClass = queue.classes.get(key);
    requirementClass?.heap.remove(job.id);
    // Drop empty classes and queues so that a filtered claim only compares live classes.
    if (requirementClass?.heap.size === 0) queue.classes.delete(key);
    if (queue.all.size === 0) this.projects.delete(job.projectId);
  }
}

const sameSlot = (a: Job, b: Job): boolean =>
  a.projectId === b.projectId && a.priority === b.priority && sameRequirements(a.requirements, b.requirements);
