import { describe, expect, it } from "vitest";
import { DEFAULT_PRESCRIPTION_REVIEW as policy } from "@/domain/prescription-review";
import { compareReasons, reasonHeadline, reviewReason, urgencyOrder, type QueueItem, type QueueReason } from "@/domain/review-queue";

const at = (iso: string) => new Date(iso);

const late: QueueReason = { kind: "LATE_DOSE", session: { date: "2026-03-10", slot: "AM" }, until: at("2026-03-10T15:00:00Z") };
const hard: QueueReason = { kind: "HARD_HOLD", holdId: "h1", reason: "Overdose", since: at("2026-03-09T09:00:00Z") };
const overdue: QueueReason = { kind: "REVIEW_OVERDUE", reviewBy: "2026-03-07", daysOverdue: 3, hardFrom: "2026-03-15" };
const noPrescription: QueueReason = { kind: "NO_PRESCRIPTION" };
const limit: QueueReason = { kind: "LIMIT_HOLD", holdId: "h2", reason: "Above 300 mg", since: at("2026-03-01T09:00:00Z") };
const dueToday: QueueReason = { kind: "REVIEW_DUE", reviewBy: "2026-03-10", daysLeft: 0 };
const titrating: QueueReason = { kind: "TITRATING", since: at("2026-03-01T09:00:00Z") };

/** One reason of each kind, in the order a prescriber should see them. */
const MOST_URGENT_FIRST = [late, hard, overdue, noPrescription, limit, dueToday, titrating];

let people = 0;
const item = (reason: QueueReason, person: Partial<QueueItem> = {}): QueueItem => {
  const n = ++people;
  return { participantId: `p${n}`, name: `Person ${n}`, reference: `HAT-${n}`, reason, ...person };
};

describe("compareReasons", () => {
  it("orders every kind before every less urgent kind, whatever the dates", () => {
    MOST_URGENT_FIRST.forEach((a, i) =>
      MOST_URGENT_FIRST.forEach((b, j) => {
        expect(Math.sign(compareReasons(a, b)), `${a.kind} against ${b.kind}`).toBe(Math.sign(i - j));
      }),
    );
  });

  it("puts the late dose whose window ends first ahead", () => {
    const sooner = { kind: "LATE_DOSE", session: { date: "2026-03-10", slot: "AM" }, until: at("2026-03-10T14:00:00Z") } as const;
    expect(compareReasons(sooner, late)).toBeLessThan(0);
  });

  it("puts the hold waiting longest ahead, for hard and lowered-limit holds alike", () => {
    for (const kind of ["HARD_HOLD", "LIMIT_HOLD"] as const) {
      const older = { kind, holdId: "a", reason: "", since: at("2026-03-01T09:00:00Z") };
      const newer = { kind, holdId: "b", reason: "", since: at("2026-03-01T09:01:00Z") };
      expect(compareReasons(older, newer)).toBeLessThan(0);
      expect(compareReasons(newer, older)).toBeGreaterThan(0);
    }
  });

  it("puts the review overdue longest ahead", () => {
    const overdue = (daysOverdue: number): QueueReason => ({ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-01", daysOverdue, hardFrom: null });
    expect(compareReasons(overdue(9), overdue(3))).toBeLessThan(0);
    expect(compareReasons(overdue(1), overdue(2))).toBeGreaterThan(0);
    expect(compareReasons(overdue(2), overdue(2))).toBe(0);
  });

  it("puts a review due today ahead of one due tomorrow, and that ahead of one due in a week", () => {
    const due = (daysLeft: number): QueueReason => ({ kind: "REVIEW_DUE", reviewBy: "2026-03-10", daysLeft });
    expect(compareReasons(due(0), due(1))).toBeLessThan(0);
    expect(compareReasons(due(1), due(7))).toBeLessThan(0);
  });

  it("puts the titration running longest ahead", () => {
    expect(compareReasons({ kind: "TITRATING", since: at("2026-03-01T09:00:00Z") }, { kind: "TITRATING", since: at("2026-03-05T09:00:00Z") })).toBeLessThan(0);
  });
});

describe("urgencyOrder", () => {
  it("lists people by their most urgent reason, not by reference", () => {
    const items = [...MOST_URGENT_FIRST].reverse().map((reason, i) => item(reason, { reference: `HAT-${String(i).padStart(3, "0")}` }));
    expect(urgencyOrder(items).map((e) => e.reasons[0]?.kind)).toEqual(MOST_URGENT_FIRST.map((r) => r.kind));
  });

  it("lists each person once, with all their reasons, most urgent first", () => {
    const person = { participantId: "p-amy", name: "Amy Ash", reference: "HAT-001" };
    const queue = urgencyOrder([item(overdue, person), item(titrating), item(hard, person), item(late)]);
    expect(queue).toHaveLength(3);
    expect(queue[1]).toEqual({ ...person, reasons: [hard, overdue] });
  });

  it("puts the person with more reasons ahead when their most urgent ones are equal", () => {
    const review = { kind: "REVIEW_DUE", reviewBy: "2026-03-12", daysLeft: 2 } as const;
    const queue = urgencyOrder([item(review, { participantId: "a", name: "Aaron" }), item(review, { participantId: "z", name: "Zed" }), item(titrating, { participantId: "z", name: "Zed" })]);
    expect(queue.map((e) => e.name)).toEqual(["Zed", "Aaron"]);
  });

  it("lists equally urgent people by name, then by reference", () => {
    const reason: QueueReason = { kind: "NO_PRESCRIPTION" };
    const queue = urgencyOrder([item(reason, { name: "Cara Bell", reference: "HAT-002" }), item(reason, { name: "Ben Ash", reference: "HAT-009" }), item(reason, { name: "Cara Bell", reference: "HAT-001" })]);
    expect(queue.map((e) => `${e.name} ${e.reference}`)).toEqual(["Ben Ash HAT-009", "Cara Bell HAT-001", "Cara Bell HAT-002"]);
  });

  it("is empty when nobody is waiting", () => {
    expect(urgencyOrder([])).toEqual([]);
  });
});

describe("reviewReason", () => {
  it("is nothing while the review is more than a week away", () => {
    expect(reviewReason("2026-03-18", "2026-03-10", policy)).toBeNull();
    expect(reviewReason("2026-04-07", "2026-03-10", policy)).toBeNull();
  });

  it("is due within the week's notice, counting the days left", () => {
    expect(reviewReason("2026-03-17", "2026-03-10", policy)).toEqual({ kind: "REVIEW_DUE", reviewBy: "2026-03-17", daysLeft: 7 });
    expect(reviewReason("2026-03-11", "2026-03-10", policy)).toEqual({ kind: "REVIEW_DUE", reviewBy: "2026-03-11", daysLeft: 1 });
    expect(reviewReason("2026-03-10", "2026-03-10", policy)).toEqual({ kind: "REVIEW_DUE", reviewBy: "2026-03-10", daysLeft: 0 });
  });

  it("is overdue from the day after, with the day the soft hold turns hard", () => {
    expect(reviewReason("2026-03-10", "2026-03-11", policy)).toEqual({ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-10", daysOverdue: 1, hardFrom: "2026-03-18" });
    expect(reviewReason("2026-03-10", "2026-03-17", policy)).toEqual({ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-10", daysOverdue: 7, hardFrom: "2026-03-18" });
  });

  it("is lapsed (no day left before the hard hold) from the end of the grace period", () => {
    expect(reviewReason("2026-03-10", "2026-03-18", policy)).toEqual({ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-10", daysOverdue: 8, hardFrom: null });
    expect(reviewReason("2026-03-10", "2026-03-11", { reviewDays: 28, graceDays: 0 })).toEqual({ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-10", daysOverdue: 1, hardFrom: null });
  });

  it("counts the days across the change to summer time as calendar days", () => {
    expect(reviewReason("2026-03-28", "2026-03-30", policy)).toMatchObject({ daysOverdue: 2 });
  });
});

describe("reasonHeadline", () => {
  it.each<[QueueReason, string]>([
    [late, "Late AM dose waiting for authorisation"],
    [hard, "Hard hold"],
    [{ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-07", daysOverdue: 3, hardFrom: "2026-03-15" }, "Review overdue 3 days"],
    [{ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-09", daysOverdue: 1, hardFrom: "2026-03-17" }, "Review overdue 1 day"],
    [{ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-01", daysOverdue: 9, hardFrom: null }, "Review overdue 9 days: lapsed"],
    [{ kind: "NO_PRESCRIPTION" }, "Needs a first prescription"],
    [limit, "Above a lowered dose limit"],
    [{ kind: "REVIEW_DUE", reviewBy: "2026-03-10", daysLeft: 0 }, "Review due today"],
    [{ kind: "REVIEW_DUE", reviewBy: "2026-03-11", daysLeft: 1 }, "Review due tomorrow"],
    [{ kind: "REVIEW_DUE", reviewBy: "2026-03-14", daysLeft: 4 }, "Review due in 4 days"],
    [titrating, "Titrating"],
  ])("%o reads %s", (reason, headline) => {
    expect(reasonHeadline(reason)).toBe(headline);
  });
});
