import { Container, ContainerModule, type ContainerModule as Module, type Newable } from 'inversify';
import { applicationModule } from '../application/application.module.js';
import { SchedulerSettings } from '../application/ports/scheduler-settings.port.js';
import { USE_CASES, type UseCases } from '../application/use-cases.js';
import { inProcessSignalModule } from '../adapters/signal/in-process-signal.module.js';
import { systemClockModule } from '../adapters/system/system.module.js';

export const settingsModule = (settings: SchedulerSettings): Module =>
  new ContainerModule(({ bind }) => {
    bind(SchedulerSettings).toConstantValue(settings);
  });

/**
 * The container every face of the product starts from: use cases, clock, signal and settings,
 * plus the store module. `overrides` may rebind what a caller must swap (tests: the clock).
 */
export const buildContainer = (
  storeModule: Module,
  settings: SchedulerSettings,
  overrides: readonly Module[] = [],
  signalModule: Module = inProcessSignalModule,
): Container => {
  const container = new Container();
  container.load(applicationModule, systemClockModule, signalModule, settingsModule(settings), storeModule, ...overrides);
  return container;
};

/** Each use case class resolved to its instance (TypeScript cannot follow that through a mapped object). */
export const resolveUseCases = (container: Container): UseCases => {
  const classes: Record<string, Newable<object>> = USE_CASES;
  return Object.fromEntries(Object.entries(classes).map(([name, useCase]) => [name, container.get(useCase)])) as UseCases;
};
