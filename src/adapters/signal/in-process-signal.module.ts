import { ContainerModule } from 'inversify';
import { JobSignal } from '../../application/ports/job-signal.port.js';
import { InProcessJobSignal } from './in-process-job-signal.js';

export const inProcessSignalModule = new ContainerModule(({ bind }) => {
  bind(JobSignal).toConstantValue(new InProcessJobSignal());
});
