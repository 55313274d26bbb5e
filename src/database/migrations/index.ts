import { Migration } from 'kysely';
import { documents } from './0001-documents';
import { credentials } from './0002-credentials';
import { runs } from './0003-runs';
import { playbookRuns } from './0004-playbook-runs';
import { tasks } from './0005-tasks';
import { replicas } from './0006-replicas';
import { oauthStates } from './0007-oauth-states';

/**
 * Every schema change, in order. Names sort in the order they run; a name, once released,
 * never changes, and a released migration is never edited: add the next one instead.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_documents': documents,
  '0002_credentials': credentials,
  '0003_runs': runs,
  '0004_playbook_runs': playbookRuns,
  '0005_tasks': tasks,
  '0006_replicas': replicas,
  '0007_oauth_states': oauthStates,
};
