import { defineConfig } from "vitest/config";

// Three projects: unit tests beside the code, integration tests against a real server and database,
// browser e2e in Debian's Chromium. `npm test` runs all three (scripts/test.mjs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{server,db,sdk,editor,app,collab-server,bench}/**/*.test.ts"],
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
          pool: "forks",
          poolOptions: { forks: { maxForks: 2, minForks: 1 } },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ["tests/e2e/globalSetup.ts"],
        },
      },
    ],
  },
});
