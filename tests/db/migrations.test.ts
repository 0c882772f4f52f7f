import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, isEmptyMigration } from "@/db/schema-engine";

describe("prisma/migrations", () => {
  it("describe exactly what schema.prisma describes (run `npm run db:migration -- <name>` after a schema change)", async () => {
    const sql = await diffMigrationsToSchema();
    expect(isEmptyMigration(sql), `schema.prisma has changes no migration holds:\n${sql}`).toBe(true);
  });
});
