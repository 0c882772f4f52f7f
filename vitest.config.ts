import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve("src"),
      "@app": path.resolve("app"),
      // The real package throws outside React's server build; under test it is a no-op.
      "server-only": path.resolve("tests/support/empty.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Two cores: one worker per core; each integration file opens its own in-memory PGlite.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
