import { Provider } from '@nestjs/common';
import type { Database } from '../../database/database';
import { DATABASE } from '../../database/database.tokens';
import { PgTaskTable, TASK_TABLE } from './pg-task-table';
import { TaskCommands } from './task-commands';
import { TaskMirror } from './task-mirror';
import { TaskRouter } from './task-router';

/**
 * Tasks across replicas (database mode); in file mode the table and liveness are null and
 * every request goes to the local TaskService.
 */
export const TASK_SHARING_PROVIDERS: Provider[] = [
  {
    provide: TASK_TABLE,
    inject: [DATABASE],
    useFactory: (db: Database | null) => (db ? new PgTaskTable(db) : null),
  },
  TaskMirror,
  TaskCommands,
  TaskRouter,
];
