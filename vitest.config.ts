import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve("src"), "@app": path.resolve("app") } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Two cores: one worker per core; each integration file opens its own in-memory PGlite.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ["server-only"] } },
  },
});
