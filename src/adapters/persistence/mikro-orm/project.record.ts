/** A row of `projects`, as MikroORM maps it (see project.schema.ts). */
export interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}
