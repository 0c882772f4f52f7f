import { db } from "@/db/client";
import { boardCsv } from "@/domain/board-report";
import { recordAccess } from "@/server/access-audit";
import { apiActor } from "@/server/api-access";
import { boardRelease } from "@/server/board-release";
import { boardExportFilter, BoardFilterInput } from "@/server/board.input";

export const dynamic = "force-dynamic";

/** Every board figure as CSV, labelled with site, period, cohort and date; disclosure control applied. */
export async function GET(request: Request) {
  const actor = await apiActor("/api/board/figures.csv", "board.view");
  if (actor instanceof Response) return actor;
  const parsed = BoardFilterInput.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const release = await boardRelease(db(), parsed.data);
  if (!release) return Response.json({ error: "No such site." }, { status: 404 });
  await recordAccess(actor, { kind: "export", export: "board-figures", filter: boardExportFilter(parsed.data) });
  return new Response(boardCsv(release.rows, release.label), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="board-figures-${parsed.data.period.code}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
