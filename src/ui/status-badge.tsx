import { STATUS_LABEL, type ParticipantStatus } from "@/domain/participant-status";

const TONE: Record<ParticipantStatus, string> = {
  REFERRED: "bg-sky-100 text-sky-900",
  WAITING: "bg-indigo-100 text-indigo-900",
  DECLINED: "bg-slate-200 text-slate-800",
  ACTIVE: "bg-emerald-100 text-emerald-900",
  ON_BREAK: "bg-amber-100 text-amber-900",
  EXITED: "bg-slate-200 text-slate-800",
};

export function StatusBadge({ status }: { status: ParticipantStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}
