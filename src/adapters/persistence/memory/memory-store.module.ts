import { ContainerModule } from 'inversify';
import { Store } from '../../../application/ports/store.port.js';
import { MemoryStore } from './memory-store.js';

/** Binds `Store` to one MemoryStore per container that loads the module. */
export const memoryStoreModule = new ContainerModule((options) => {
  options.bind<Store>(Store).toConstantValue(new MemoryStore());
});
