// Generates the Prisma client (src/generated/prisma). Runs on `npm install`.
//
// Prisma's CLI looks for its native schema engine at start and downloads it when it is
// missing, although `generate` never uses it. On machines that reach only the npm
// registry that download fails, so we point PRISMA_SCHEMA_ENGINE_BINARY at an existing
// file. Where the real engine was installed (an ordinary laptop) nothing changes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const enginesDir = path.resolve("node_modules/@prisma/engines");
const haveEngine = fs.existsSync(enginesDir) && fs.readdirSync(enginesDir).some((f) => f.startsWith("schema-engine-"));
const env = { ...process.env };
if (!haveEngine && !env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "generate"], {
  env,
  stdio: "inherit",
});
