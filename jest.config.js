/** Tests run in parallel workers; each test makes its own temp data dir. */
const os = require('node:os');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // what the Azure Functions Node worker provides at run time; the local host provides it here
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/local/worker/coreModule.ts' },
  testTimeout: 60000,
  // browser suites: three minutes a test (test/setup/browserTimeout.ts)
  setupFilesAfterEnv: ['<rootDir>/test/setup/browserTimeout.ts'],
  // much of a suite's time goes to waiting on a host, a browser or a host process, so one worker
  // more than the cores keeps them busy (jest's default is one fewer: a single worker on two cores)
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) + 1),
  // the longest files first, also those jest has not timed yet (test/setup/longestFirst.js)
  testSequencer: '<rootDir>/test/setup/longestFirst.js',
  // suites that spawn dist/local/main.js fail fast when dist/ is older than the sources;
  // browser suites get Debian's chromium installed once when it is missing
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
};
