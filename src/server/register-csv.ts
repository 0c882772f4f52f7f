import "server-only";
import { toCsv } from "@/domain/csv";
import { formatClinicTimestamp } from "@/domain/format";
import type { registerForProduct } from "./register";

type Register = NonNullable<Awaited<ReturnType<typeof registerForProduct>>>;

const KIND_LABEL = { RECEIPT: "Received", SUPPLY: "Supplied", RETURN: "Returned to supplier", DESTRUCTION: "Destroyed", ANNOTATION: "Annotation" } as const;

/** The paper register's columns. Participants appear by reference only. */
export function registerRows(register: Register) {
  return register.lines.map((e) => ({
    id: e.id,
    at: e.occurredAt,
    kind: KIND_LABEL[e.kind],
    batch: e.batch,
    quantityIn: e.kind === "RECEIPT" ? e.quantity : null,
    quantityOut: e.kind === "SUPPLY" || e.kind === "RETURN" || e.kind === "DESTRUCTION" ? e.quantity : null,
    detail: [
      e.backEntered ? "Back-entered from the paper sheet of an outage, at the paper's time" : null,
      e.supplier ? `From ${e.supplier}` : null,
      e.participant ? `Supplied to ${e.participant.reference}` : null,
      e.prescriberName ? `prescriber ${e.prescriberName}` : null,
      e.mgUsed !== null ? `${e.mgUsed} mg given, ${e.mgWasted ?? 0} mg wasted` : null,
      e.annotatesId ? `Annotates entry ${e.annotatesId}` : null,
      e.note,
    ]
      .filter(Boolean)
      .join("; "),
    madeBy: e.madeBy.name,
    witness: e.witness?.name ?? "",
    balance: e.balance,
  }));
}

export function registerCsv(register: Register): string {
  return toCsv(
    ["entry", "date and time (Europe/London)", "entry type", "batch", "received", "supplied or removed", "details", "entered by", "witness", "balance"],
    registerRows(register).map((r) => [r.id, formatClinicTimestamp(r.at), r.kind, r.batch, r.quantityIn, r.quantityOut, r.detail, r.madeBy, r.witness, r.balance]),
  );
}
