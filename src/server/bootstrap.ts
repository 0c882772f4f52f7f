import "server-only";
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/auth/passwords";
import type { Db } from "@/db/client";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { BootstrapInput } from "./bootstrap.input";

export type BootstrapResult = { siteId: string; userId: string; email: string; oneTimePassword: string };

/**
 * A clinic's first run (issue 16, finding 1): its site and first administrator, with a
 * random one-time password shown once and changed at first sign-in. Refused once any
 * administrator exists (the demo's included): later accounts are made on the Users page.
 */
export async function bootstrapClinic(prisma: Db, input: BootstrapInput): Promise<BootstrapResult> {
  const oneTimePassword = randomBytes(18).toString("base64url");
  // bcrypt is slow on purpose: hash before the transaction opens.
  const passwordHash = await hashPassword(oneTimePassword);
  return prisma.$transaction(async (tx) => {
    // Two bootstraps at once: the second waits here, then finds the first's administrator.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hat.bootstrap'))`;
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) {
      throw new RuleError("bootstrap.done", "This database already has an administrator: add staff and sites from the app (Users), not with bootstrap.");
    }
    if (await tx.site.findUnique({ where: { code: input.siteCode }, select: { id: true } })) {
      throw new RuleError("bootstrap.siteCode", `A site with code ${input.siteCode} already exists: choose another code.`);
    }
    const site = await tx.site.create({ data: { code: input.siteCode, name: input.siteName } });
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: "ADMIN", siteId: site.id, passwordHash, mustChangePassword: true },
    });
    await audit(tx, null, { action: "clinic.bootstrap", entity: "Site", entityId: site.id, summary: { siteCode: site.code, administratorId: user.id } });
    return { siteId: site.id, userId: user.id, email: user.email, oneTimePassword };
  });
}
