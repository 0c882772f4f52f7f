import { can } from "@/auth/permissions";
import { currentActor } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { registerForProduct } from "@/server/register";
import { registerCsv } from "@/server/register-csv";
import { RegisterFilter } from "@/server/register.input";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ productId: string }> }) {
  const actor = await currentActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, "register.read")) return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const filter = RegisterFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  const register = await registerForProduct(db(), actor.siteId, (await params).productId, filter);
  if (!register) return Response.json({ error: "No such product." }, { status: 404 });
  const name = `register-${register.product.strengthMg}mg-${clinicDate(new Date())}.csv`;
  return new Response(registerCsv(register), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
