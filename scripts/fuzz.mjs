#!/usr/bin/env node
// npm run fuzz: the property-based fuzz of every state-changing route (test/e2e/fuzz.e2e-spec.ts),
// long and with a random seed. Replay a failure: FUZZ_SEED=<seed> npm run fuzz.
// FUZZ_RUNS sets the number of requests (default 20000).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FUZZ_SEED ?? String(randomInt(2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '20000';
console.log(`fuzz: ${runs} requests, FUZZ_SEED=${seed}`);
const jest = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--config',
    'jest.config.js',
    '--selectProjects',
    'e2e',
    '--runTestsByPath',
    'test/e2e/fuzz.e2e-spec.ts',
  ],
  { stdio: 'inherit', env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs } },
);
if (jest.status !== 0)
  console.log(`fuzz failed; replay with: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);
process.exit(jest.status ?? 1);
