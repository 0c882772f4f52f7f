import { addLocalDays, localDaysBetween, type LocalDate } from "./clinic-time";
import { formatLocalDate } from "./format";

/**
 * When the next controlled-drug stock check is due. Every batch holding stock is counted by
 * two people at least every `intervalDays` days: the clinic's standard operating procedure
 * sets the interval (a setting), weekly by default (issue 18). A batch falls due that many days after its latest count, or after it was
 * first received if it has never been counted; a product is due when its first batch is.
 * A batch with nothing left has nothing to count.
 */
export const DEFAULT_STOCK_CHECK_INTERVAL_DAYS = 7;

export type BatchCountHistory = { batch: string; balance: number; receivedOn: LocalDate; lastCountedOn: LocalDate | null };

export type StockCheckDue =
  | { status: "nothingToCount" }
  | {
      status: "notDue" | "dueToday" | "overdue";
      dueOn: LocalDate;
      /** Days past the due date; 0 unless overdue. */
      daysOverdue: number;
      /** The batches due by `dueOn`, the first to fall due first. */
      batchesDue: string[];
    };

export function batchCountDueOn(batch: Pick<BatchCountHistory, "receivedOn" | "lastCountedOn">, intervalDays: number): LocalDate {
  return addLocalDays(batch.lastCountedOn ?? batch.receivedOn, intervalDays);
}

export function stockCheckDue(batches: readonly BatchCountHistory[], intervalDays: number, today: LocalDate): StockCheckDue {
  if (!Number.isInteger(intervalDays) || intervalDays < 1) throw new RangeError(`Not a stock-check interval: ${intervalDays}`);
  const held = batches
    .filter((b) => b.balance > 0)
    .map((b) => ({ batch: b.batch, dueOn: batchCountDueOn(b, intervalDays) }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.batch.localeCompare(b.batch));
  const first = held[0];
  if (!first) return { status: "nothingToCount" };
  const dueBy = first.dueOn > today ? first.dueOn : today;
  const daysOverdue = Math.max(0, localDaysBetween(first.dueOn, today));
  return {
    status: first.dueOn > today ? "notDue" : first.dueOn === today ? "dueToday" : "overdue",
    dueOn: first.dueOn,
    daysOverdue,
    batchesDue: held.filter((b) => b.dueOn <= dueBy).map((b) => b.batch),
  };
}

const batchList = (batches: string[]) => `${batches.length === 1 ? "batch" : "batches"} ${batches.join(", ")}`;

/** The due date in words, for the register and the board: dates with their year. */
export function describeStockCheckDue(due: StockCheckDue): string {
  switch (due.status) {
    case "nothingToCount":
      return "No stock to count";
    case "notDue":
      return `Next stock check due ${formatLocalDate(due.dueOn)}`;
    case "dueToday":
      return `Stock check due today: ${batchList(due.batchesDue)}`;
    case "overdue":
      return `Stock check overdue by ${due.daysOverdue} day${due.daysOverdue === 1 ? "" : "s"} (due ${formatLocalDate(due.dueOn)}): ${batchList(due.batchesDue)}`;
  }
}
