import { formatClinicDateTime, formatLocalDate, formatMg } from "@/domain/format";
import { DOSE_ROUTE_LABEL, SUBSTANCE_LABEL, TOP_STAGE_LABEL } from "@/domain/labels";
import { STREET_HEROIN_STATUS_LABEL } from "@/domain/urine";
import type { ParticipantSummary } from "@/server/participant-summary";
import { DoseStrip } from "@/ui/dose-strip";

const REVIEW_WORDS = { IN_DATE: "", REVIEW_DUE: ": overdue, doses under a soft hold", LAPSED: ": lapsed, no dose until a new prescription" } as const;
const TOP_STATUS_WORDS = { notYetDue: "due", due: "due now", overdue: "overdue" } as const;

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm font-medium text-slate-700">{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What a clinician reads first on opening a record: the dose in force, the holds, the last fortnight's doses, the last screen and the next TOP. */
export function ClinicalSummary({ summary }: { summary: ParticipantSummary }) {
  const { prescription, holds, lastScreen, topDue } = summary;
  return (
    <section aria-labelledby="summary-heading" className="space-y-4 rounded border border-slate-300 bg-white p-4">
      <h2 id="summary-heading" className="text-xl font-semibold">
        Clinical summary
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Fact term="Dose in force">
          {prescription ? (
            <>
              AM <strong>{formatMg(prescription.amMg)}</strong>, PM <strong>{formatMg(prescription.pmMg)}</strong>, {DOSE_ROUTE_LABEL[prescription.route]}
              <span className="block text-sm">
                v{prescription.version} by {prescription.prescriber}; review by {formatLocalDate(prescription.review.reviewBy)}
                {REVIEW_WORDS[prescription.review.state]}
              </span>
            </>
          ) : (
            "None in force"
          )}
        </Fact>
        <Fact term="Holds">
          {holds.length === 0 ? (
            "None"
          ) : (
            <ul className="space-y-1">
              {holds.map((h) => (
                <li key={h.id} className="rounded bg-red-50 p-1 text-danger">
                  <strong>{h.kind === "HARD" ? "Hard hold" : "Soft hold"}</strong>
                  {h.placedAt ? ` since ${formatClinicDateTime(h.placedAt)}` : ""}: {h.reason}
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Last screen">
          {lastScreen ? (
            <>
              {formatLocalDate(lastScreen.collectedOn)}: street heroin {STREET_HEROIN_STATUS_LABEL[lastScreen.streetHeroin].toLowerCase()}
              <span className="block text-sm">
                {lastScreen.positives.length > 0 ? `Positive: ${lastScreen.positives.map((s) => SUBSTANCE_LABEL[s]).join(", ")}` : "Nothing positive"}
              </span>
            </>
          ) : (
            "None recorded"
          )}
        </Fact>
        <Fact term="TOP">
          {topDue ? (
            <span className={topDue.status === "overdue" ? "font-medium text-danger" : ""}>
              {TOP_STAGE_LABEL[topDue.stage]} TOP {TOP_STATUS_WORDS[topDue.status]}: {formatLocalDate(topDue.dueOn)}
            </span>
          ) : (
            "None due"
          )}
        </Fact>
      </dl>
      <div>
        <h3 id="dose-strip-heading" className="mb-2 font-semibold">
          Doses in the last 14 days
        </h3>
        <DoseStrip strip={summary.strip} headingId="dose-strip-heading" />
      </div>
    </section>
  );
}
