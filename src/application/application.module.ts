import { ContainerModule, type Newable } from 'inversify';
import { USE_CASES } from './use-cases.js';

/** Binds every use case class to itself, one instance per container. */
export const applicationModule = new ContainerModule(({ bind }) => {
  const useCases: readonly Newable<object>[] = Object.values(USE_CASES);
  for (const useCase of useCases) bind(useCase).toSelf().inSingletonScope();
});
