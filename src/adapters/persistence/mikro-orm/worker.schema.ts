import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { WorkerRecord } from './worker.record.js';

export const WorkerSchema = new EntitySchema<WorkerRecord>({
  name: 'WorkerRecord',
  tableName: 'workers',
  indexes: [{ name: 'workers_created_at_id_index', properties: ['createdAt', 'id'] }],
  properties: {
    id: { type: 'text', primary: true, fieldName: 'id' },
    name: { type: 'text', fieldName: 'name' },
    entity: { type: 'text', fieldName: 'entity' },
    description: { type: 'text', nullable: true, fieldName: 'description' },
    cpu: { type: new BigIntType('number'), fieldName: 'cpu' },
    accelerators: { type: new BigIntType('number'), fieldName: 'accelerators' },
    memoryMb: { type: new BigIntType('number'), fieldName: 'memory_mb' },
    lastHeartbeat: { type: 'datetime', columnType: 'timestamptz', fieldName: 'last_heartbeat' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    active: { type: 'boolean', fieldName: 'active' },
  },
});
