/** ESM + ts-jest: jest runs with --experimental-vm-modules (see package.json "test"). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: false }],
  },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 30000,
  // dist/ built once for every test file that runs it (test/build-dist.mjs says why not each on its own).
  globalSetup: "<rootDir>/test/build-dist.mjs",
  // Every core, where jest's default leaves one idle: on CI's two cores that is 2 workers instead of 1, and the
  // whole suite took 356 s instead of 635 s, all passing. The process tests (test/e2e) start servers and
  // databases of their own and are the ones a busy machine strains: should they turn flaky, undo this first.
  maxWorkers: "100%",
};
