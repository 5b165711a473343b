import { ContainerModule, type Newable } from 'inversify';
import { QUIET_SCHEDULER_EVENTS, SchedulerEvents } from './ports/scheduler-events.port.js';
import { USE_CASES } from './use-cases.js';

/**
 * Binds every use case class to itself, one instance per container, and the scheduler's events
 * to nobody (a composition root that wants them, for metrics, rebinds the token).
 */
export const applicationModule = new ContainerModule(({ bind }) => {
  const useCases: readonly Newable<object>[] = Object.values(USE_CASES);
  for (const useCase of useCases) bind(useCase).toSelf().inSingletonScope();
  bind<SchedulerEvents>(SchedulerEvents).toConstantValue(QUIET_SCHEDULER_EVENTS);
});
