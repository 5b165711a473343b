import { autocommitContract } from './autocommit-contract.js';
import { catalogContract } from './catalog-contract.js';
import { claimContract } from './claim-contract.js';
import { checker, type OpenStore } from './contract-kit.js';
import { gaugeContract } from './gauge-contract.js';
import { graphContract } from './graph-contract.js';
import { historyContract } from './history-contract.js';
import { retentionContract } from './retention-contract.js';
import { runContract } from './run-contract.js';
import { storeClaimContract } from './store-claim-contract.js';
import { taskGraphContract } from './task-graph-contract.js';
import { timelineContract } from './timeline-contract.js';
import { jobContract } from './job-contract.js';
import { transactionContract } from './transaction-contract.js';
import { transitionAgreementContract } from './transition-agreement-contract.js';

/**
 * The Store port's contract, one suite for every adapter. `open` gives each test a fresh, empty
 * store; `dispose` is always called. Tests are titled `${name}: …` and use the port only.
 */
export function registerStoreContract(name: string, open: OpenStore): void {
  const check = checker(name, open);
  catalogContract(check);
  jobContract(check);
  graphContract(check);
  taskGraphContract(check);
  claimContract(check);
  storeClaimContract(check);
  runContract(check);
  gaugeContract(check);
  historyContract(check);
  timelineContract(check);
  retentionContract(check);
  transactionContract(check);
  autocommitContract(check);
  transitionAgreementContract(check);
}
