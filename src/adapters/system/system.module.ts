import { ContainerModule } from 'inversify';
import { Clock } from '../../application/ports/clock.port.js';
import { SystemClock } from './system-clock.js';

export const systemClockModule = new ContainerModule(({ bind }) => {
  bind(Clock).toConstantValue(new SystemClock());
});
