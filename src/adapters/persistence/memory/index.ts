export { MemoryStore } from './memory-store.js';
export { memoryStoreModule } from './memory-store.module.js';
