import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { recordAccess } from "@/server/access-audit";
import { apiActor } from "@/server/api-access";
import { registerForProduct } from "@/server/register";
import { registerCsv } from "@/server/register-csv";
import { RegisterFilter } from "@/server/register.input";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ productId: string }> }) {
  const actor = await apiActor("/api/register/[productId]", "register.read");
  if (actor instanceof Response) return actor;
  const filter = RegisterFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  const register = await registerForProduct(db(), actor.siteId, (await params).productId, filter);
  if (!register) return Response.json({ error: "No such product." }, { status: 404 });
  await recordAccess(actor, { kind: "export", export: "register", filter: { productId: register.product.id, from: filter.from ?? null, to: filter.to ?? null } });
  const name = `register-${register.product.strengthMg}mg-${clinicDate(new Date())}.csv`;
  return new Response(registerCsv(register), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
