import { defineConfig } from "vitest/config";

// Three projects: unit tests beside the code, integration tests against a real server and database,
// browser e2e in Debian's Chromium. `npm test` runs all three (scripts/test.mjs).
export default defineConfig({
  test: {
    pool: "forks",
    // Two test files at a time on this 2-core machine; each integration file owns its own server.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          name: "unit",
          include: ["{server,db,sdk,editor,app,collab-server,bench}/**/*.test.ts"],
          // Browser pieces run with the e2e project, where Chromium is installed.
          exclude: ["**/*.browser.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts", "editor/**/*.browser.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // One browser test file at a time: each starts a server and a Chromium.
          poolOptions: { forks: { singleFork: true } },
          globalSetup: ["tests/e2e/globalSetup.ts"],
          // Real Chromium on a loaded 2-core CI machine: a test that fails is run once more before
          // it counts (the default reporter shows the retry). A real failure fails twice.
          retry: 1,
        },
      },
    ],
  },
});
