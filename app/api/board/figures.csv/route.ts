import { can } from "@/auth/permissions";
import { currentActor } from "@/auth/session";
import { db } from "@/db/client";
import { boardCsv } from "@/domain/board-report";
import { boardReport } from "@/server/board";
import { BoardFilterInput } from "@/server/board.input";

export const dynamic = "force-dynamic";

/** Every board figure as CSV, labelled with site, period, cohort and date; small groups suppressed. */
export async function GET(request: Request) {
  const actor = await currentActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, "board.view")) return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const parsed = BoardFilterInput.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const report = await boardReport(db(), parsed.data);
  if (!report) return Response.json({ error: "No such site." }, { status: 404 });
  return new Response(boardCsv(report.figures, report.label), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="board-figures-${report.label.from}-to-${report.label.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
