/**
 * Jest's global setup: gives the database-mode specs a PostgreSQL. With PATCHBAY_TEST_DATABASE_URL
 * set, that server is used as it is. Otherwise, where PostgreSQL is installed, a throwaway
 * cluster is started (scripts/test-postgres.sh) and the teardown stops it. Where it is not, the
 * database suites are skipped with a note, except under CI, where they fail.
 * Plain JavaScript: Jest loads global setup files outside the projects' ts-jest transform.
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const SCRIPT = join(__dirname, '..', 'scripts', 'test-postgres.sh');

module.exports = function setup() {
  if (process.env.PATCHBAY_TEST_DATABASE_URL) return;
  try {
    const [url, started] = execFileSync(SCRIPT, ['start'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).split('\n');
    process.env.PATCHBAY_TEST_DATABASE_URL = url.trim();
    // Only a cluster this run started is stopped at the end; one already running is left alone.
    if (started === 'started') process.env.PATCHBAY_TEST_PG_STARTED = '1';
  } catch (err) {
    const why = (err.stderr && String(err.stderr).trim()) || err.message;
    process.stderr.write(
      `\nDatabase tests: no PostgreSQL (${why}). They are skipped; set ` +
        'PATCHBAY_TEST_DATABASE_URL or install PostgreSQL (scripts/test-postgres.sh install).\n',
    );
  }
};
