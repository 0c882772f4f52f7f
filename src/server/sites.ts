import "server-only";
import type { Tx } from "@/db/client";

export async function listSites(tx: Tx) {
  return tx.site.findMany({ orderBy: { name: "asc" }, select: { id: true, code: true, name: true } });
}
