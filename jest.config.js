/** Tests run in parallel workers; each test makes its own temp data dir. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // what the Azure Functions Node worker provides at run time; the local host provides it here
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/local/worker/coreModule.ts' },
  testTimeout: 60000,
  // suites that spawn dist/local/main.js fail fast when dist/ is older than the sources;
  // browser suites get Debian's chromium installed once when it is missing
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
};
