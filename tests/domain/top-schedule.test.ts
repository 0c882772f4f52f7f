import { describe, expect, it } from "vitest";
import { addLocalDays, addLocalMonths } from "@/domain/clinic-time";
import { DEFAULT_TOP_REVIEW_MONTHS, nextTopDue, TOP_WINDOW_DAYS, type TopEpisode, type TopTaken } from "@/domain/top-schedule";

const open: TopEpisode = { enrolledOn: "2026-01-10", exit: null };
const exited = (exitedOn: string, reason = "COMPLETED_TO_ORAL"): TopEpisode => ({ enrolledOn: "2026-01-10", exit: { exitedOn, reason } });
const start = (assessedOn: string): TopTaken => ({ stage: "START", assessedOn });
const review = (assessedOn: string): TopTaken => ({ stage: "REVIEW", assessedOn });
const exitTop = (assessedOn: string): TopTaken => ({ stage: "EXIT", assessedOn });
const due = (episode: TopEpisode, taken: TopTaken[], today: string, months = DEFAULT_TOP_REVIEW_MONTHS) => nextTopDue(episode, taken, today, months);

describe("addLocalMonths", () => {
  it.each([
    ["2026-01-10", 6, "2026-07-10"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2027-08-31", 6, "2028-02-29"],
    ["2026-10-31", 3, "2027-01-31"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-03-31", -1, "2026-02-28"],
  ])("%s plus %i months is %s", (date, months, expected) => {
    expect(addLocalMonths(date, months)).toBe(expected);
  });
});

describe("nextTopDue: start", () => {
  it.each<[string, TopTaken[], string, object | null]>([
    ["asks for a Start TOP from enrolment", [], "2026-01-10", { stage: "START", dueOn: "2026-01-10", status: "due" }],
    ["shows the Start TOP as due a fortnight before enrolment", [], "2025-12-27", { stage: "START", status: "due" }],
    ["is not yet due the day before the window opens", [], "2025-12-26", { stage: "START", status: "notYetDue" }],
    ["keeps it due on the last day of the window", [], "2026-01-24", { stage: "START", status: "due" }],
    ["makes it overdue the day after the window", [], "2026-01-25", { stage: "START", status: "overdue" }],
    ["counts a Start TOP taken at assessment within the window before enrolment", [start("2025-12-27")], "2026-01-10", { stage: "REVIEW" }],
    ["ignores a Start TOP from a long-past episode", [start("2025-12-26")], "2026-01-10", { stage: "START" }],
  ])("%s", (_name, taken, today, expected) => {
    const result = due(open, taken, today);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });
});

describe("nextTopDue: reviews", () => {
  it.each<[string, TopTaken[], string, object]>([
    ["schedules the first review six months after the Start TOP", [start("2026-01-12")], "2026-02-01", { stage: "REVIEW", dueOn: "2026-07-12", status: "notYetDue" }],
    ["shows the review as due two weeks early", [start("2026-01-12")], "2026-06-28", { status: "due" }],
    ["makes the review overdue two weeks and a day late", [start("2026-01-12")], "2026-07-27", { status: "overdue" }],
    ["counts the next review from the last one, even when it was early", [start("2026-01-12"), review("2026-07-01")], "2026-07-20", { dueOn: "2027-01-01", status: "notYetDue" }],
    ["keeps counting from the latest review when several exist", [start("2026-01-12"), review("2026-07-10"), review("2027-01-08")], "2027-03-01", { dueOn: "2027-07-08" }],
  ])("%s", (_name, taken, today, expected) => {
    expect(due(open, taken, today)).toMatchObject(expected);
  });

  it("follows the site's interval when it is not six months", () => {
    expect(due(open, [start("2026-01-12")], "2026-02-01", 3)).toMatchObject({ stage: "REVIEW", dueOn: "2026-04-12" });
  });
});

describe("nextTopDue: exit", () => {
  it.each<[string, TopEpisode, TopTaken[], string, object | null]>([
    ["asks for an Exit TOP on the exit date", exited("2026-09-01"), [start("2026-01-10")], "2026-09-01", { stage: "EXIT", dueOn: "2026-09-01", status: "due" }],
    ["still asks for it on the last day of the window", exited("2026-09-01"), [start("2026-01-10")], addLocalDays("2026-09-01", TOP_WINDOW_DAYS), { status: "due" }],
    ["stops asking once the person has long gone", exited("2026-09-01"), [start("2026-01-10")], addLocalDays("2026-09-01", TOP_WINDOW_DAYS + 1), null],
    ["asks for nothing once the Exit TOP is taken", exited("2026-09-01"), [start("2026-01-10"), exitTop("2026-08-30")], "2026-09-02", null],
    ["counts an Exit TOP taken a few days after the exit", exited("2026-09-01"), [exitTop("2026-09-10")], "2026-09-12", null],
    ["never asks after a death", exited("2026-09-01", "DIED"), [start("2026-01-10")], "2026-09-02", null],
    ["asks for an Exit TOP even when the Start TOP was missed", exited("2026-09-01"), [], "2026-09-02", { stage: "EXIT" }],
  ])("%s", (_name, episode, taken, today, expected) => {
    const result = due(episode, taken, today);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });
});

