/** The labels a task's series carry: its project's name and its own (task names repeat across projects). */
export interface TaskLabel {
  readonly project: string;
  readonly task: string;
}

/** Finds a task's labels by id; null when the task is gone. */
export type FindTaskLabel = (taskId: number) => Promise<TaskLabel | null>;

/**
 * Task ids to label values, for observations that know only the id (a completion reported on the
 * hot path reads no names). Each scrape refreshes the names from the job counts (a renamed task's
 * new series starts there); an id not known yet is looked up once, and its observations wait for
 * it; a scrape waits for the lookups in flight, so that it misses none.
 */
export class TaskLabels {
  private readonly known = new Map<number, TaskLabel>();
  private readonly lookups = new Map<number, Promise<TaskLabel>>();
  private find: FindTaskLabel | null = null;

  /** Where unknown ids are looked up; until then they are labelled by id alone. */
  lookUpWith(find: FindTaskLabel): void {
    this.find = find;
  }

  learn(taskId: number, label: TaskLabel): void {
    this.known.set(taskId, label);
  }

  /** Calls `use` with the task's labels: at once when known, else once they are found. */
  with(taskId: number, use: (label: TaskLabel) => void): void {
    const label = this.known.get(taskId);
    if (label !== undefined) return use(label);
    void this.lookUp(taskId).then(use);
  }

  /** Resolves when every lookup asked for so far has ended. */
  async settled(): Promise<void> {
    await Promise.all(this.lookups.values());
  }

  private lookUp(taskId: number): Promise<TaskLabel> {
    const pending = this.lookups.get(taskId);
    if (pending !== undefined) return pending;
    const byId: TaskLabel = { project: '', task: String(taskId) };
    const lookup = (async () => {
      try {
        return (await this.find?.(taskId)) ?? byId;
      } catch {
        // Metrics must never fail a report: a task that cannot be named now is labelled by its id.
        return byId;
      }
    })().then((label) => {
      this.lookups.delete(taskId);
      if (label !== byId) this.known.set(taskId, label);
      return label;
    });
    this.lookups.set(taskId, lookup);
    return lookup;
  }
}
