/** Two projects: unit specs beside the code, end-to-end specs in test/ against real servers. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// @fastify/static (Swagger's assets, the UI) requires content-disposition 3, which is ESM
// only: Node loads it with require(esm), Jest's module runtime cannot, so it is compiled.
// The OTLP exporter loads `http` with a dynamic import(), which Jest's runtime refuses
// without --experimental-vm-modules: compiled to CommonJS, it becomes a require().
const esmOnly = ['content-disposition', '@opentelemetry/otlp-exporter-base'];
const esmTransform = {
  '^.+\\.ts$': tsJest,
  [`/node_modules/(.*/)?(${esmOnly.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs' } },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(.*/)?(${esmOnly.join('|')})/)`];
module.exports = {
  testTimeout: 60000,
  // A throwaway PostgreSQL for the database-mode specs when none is configured (see the file).
  globalSetup: '<rootDir>/test/database-setup.js',
  globalTeardown: '<rootDir>/test/database-teardown.js',
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: esmTransform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: esmTransform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
  ],
};
