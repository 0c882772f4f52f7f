import { defineConfig } from "prisma/config";

// Prisma's own CLI (`prisma migrate deploy`) is optional here: the project applies
// migrations with the WebAssembly schema engine (npm run db:migrate). Where the CLI's
// native engine exists, it can use the same folder against a PostgreSQL DATABASE_URL.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url?.startsWith("postgres") ? { datasource: { url } } : {}),
});
