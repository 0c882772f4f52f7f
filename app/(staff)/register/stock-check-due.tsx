import { describeStockCheckDue, type StockCheckDue as Due } from "@/domain/stock-checks";

const TONE: Record<Due["status"], string> = {
  nothingToCount: "text-slate-700",
  notDue: "text-slate-700",
  dueToday: "font-medium text-warn",
  overdue: "font-semibold text-danger",
};

/** When a product's next stock check is due, flagged when it is due today or overdue. */
export function StockCheckDue({ due }: { due: Due }) {
  return <span className={TONE[due.status]}>{describeStockCheckDue(due)}</span>;
}
