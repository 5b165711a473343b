import { ContainerModule } from 'inversify';
import { Store } from '../../../application/ports/store.port.js';
import type { MikroOrmStore } from './mikro-orm-store.js';

/**
 * Binds `Store` to an already opened MikroOrmStore (opening is async: migrations run first, see
 * openMikroOrmStore). The composition root closes it.
 */
export const mikroOrmStoreModule = (store: MikroOrmStore): ContainerModule =>
  new ContainerModule((options) => {
    options.bind<Store>(Store).toConstantValue(store);
  });
