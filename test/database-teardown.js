/** Stops the throwaway PostgreSQL that test/database-setup.js started (none when a URL was given). */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function teardown() {
  if (process.env.PATCHBAY_TEST_PG_STARTED !== '1') return;
  execFileSync(join(__dirname, '..', 'scripts', 'test-postgres.sh'), ['stop'], { stdio: 'ignore' });
};
