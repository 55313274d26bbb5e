/**
 * The code of the run history's worker thread. Kept as a string (run with `eval: true`)
 * rather than a file: ts-jest does not transform a worker's entry file and `nest build`
 * copies no `.js` from src, so a string runs the same from the TS sources and from dist.
 * It only executes what the main thread sends, in order: a read posted after a write sees it.
 *
 * Messages in: {op: 'write', id, rows} (one transaction per batch), {op: 'all' | 'get' |
 * 'run', id, sql, params}, {op: 'sync', id} (answered once all before it is written),
 * {op: 'close', id}. Each is answered {id, result} or {id, error}.
 */
export const RUN_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(workerData.schema);
const insert = db.prepare(workerData.insert);
const writeAll = db.transaction((rows) => {
  for (const row of rows) insert.run(row);
});
const statements = new Map();
const statement = (sql) => {
  let stmt = statements.get(sql);
  if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
  return stmt;
};
parentPort.on('message', (m) => {
  try {
    let result = null;
    if (m.op === 'write') writeAll(m.rows);
    else if (m.op === 'all') result = statement(m.sql).all(m.params);
    else if (m.op === 'get') result = statement(m.sql).get(m.params) ?? null;
    else if (m.op === 'run') result = statement(m.sql).run(m.params).changes;
    else if (m.op === 'close') db.close();
    parentPort.postMessage({ id: m.id, result });
    if (m.op === 'close') parentPort.close();
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

export type RunThreadRequest =
  | { op: 'all' | 'get' | 'run'; sql: string; params: Record<string, string | number> }
  | { op: 'sync' | 'close' };

export interface RunThreadReply {
  id: number;
  result?: unknown;
  error?: string;
}
