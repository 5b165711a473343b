import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { TaskRecord } from './task.record.js';

/** Counts are bigint: the domain accepts any safe integer, so the column must not overflow first. */
export const TaskSchema = new EntitySchema<TaskRecord>({
  name: 'TaskRecord',
  tableName: 'tasks',
  uniques: [{ name: 'tasks_project_id_name_unique', properties: ['projectId', 'name'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, generated: 'by default as identity', fieldName: 'id' },
    projectId: { kind: 'm:1', entity: 'ProjectRecord', mapToPk: true, deleteRule: 'cascade', updateRule: 'no action', fieldName: 'project_id' },
    name: { type: 'text', fieldName: 'name' },
    commandTemplate: { type: 'text', nullable: true, fieldName: 'command_template' },
    requiredCpu: { type: new BigIntType('number'), fieldName: 'required_cpu' },
    requiredAccelerators: { type: new BigIntType('number'), fieldName: 'required_accelerators' },
    requiredMemoryMb: { type: new BigIntType('number'), fieldName: 'required_memory_mb' },
    maxAttempts: { type: new BigIntType('number'), fieldName: 'max_attempts' },
    retryOnFailure: { type: 'boolean', fieldName: 'retry_on_failure' },
    timeoutSeconds: { type: 'double', nullable: true, fieldName: 'timeout_seconds' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
  },
});
