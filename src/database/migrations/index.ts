import { Migration } from 'kysely';
import { documents } from './0001-documents';
import { tasks } from './0005-tasks';

/**
 * Every schema change, in order. Names sort in the order they run; a name, once released,
 * never changes, and a released migration is never edited: add the next one instead.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_documents': documents,
  '0005_tasks': tasks,
};
