import * as E from 'fp-ts/lib/Either.js';
import type { ClientError } from '../../client/client-error.js';
import type { WhatsNextClient } from '../../client/whatsnext-client.js';
import type { ProjectWire, TaskWire } from '../../client/wire.codecs.js';

const isNotFound = (error: ClientError): boolean => error._tag === 'ApiError' && error.status === 404;
const isId = (text: string): boolean => /^\d+$/.test(text) && Number.isSafeInteger(Number(text));

/** A project by name, else (when the text is a number) by id. */
export const findProject = async (client: WhatsNextClient, nameOrId: string): Promise<E.Either<ClientError, ProjectWire>> => {
  const byName = await client.getProjectByName(nameOrId);
  if (E.isRight(byName) || !isNotFound(byName.left) || !isId(nameOrId)) return byName;
  const byId = await client.getProject(Number(nameOrId));
  return E.isRight(byId) ? byId : byName;
};

/** A task of the project by name, else (when the text is a number) by id. */
export const findTask = async (client: WhatsNextClient, projectId: number, nameOrId: string): Promise<E.Either<ClientError, TaskWire>> => {
  const byName = await client.getTaskByName(nameOrId, projectId);
  if (E.isRight(byName) || !isNotFound(byName.left) || !isId(nameOrId)) return byName;
  const byId = await client.getTask(Number(nameOrId));
  if (E.isRight(byId) && byId.right.project_id !== projectId) return byName;
  return E.isRight(byId) ? byId : byName;
};
