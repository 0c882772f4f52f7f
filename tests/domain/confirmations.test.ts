import { describe, expect, it } from "vitest";
import { breakConfirmation, closeSessionConfirmation, disableConfirmation, exitConfirmation, withholdConfirmation } from "@/domain/confirmations";

describe("exitConfirmation", () => {
  it("names the person and the day their episode ends, when no dose can be given", () => {
    expect(exitConfirmation("Jo Bloggs", "2026-11-30")).toEqual({
      title: "Record Jo Bloggs's exit?",
      consequences: [
        "Their episode of treatment ends on Mon 30 Nov 2026. From that day no dose can be given until they are referred, assessed and enrolled again.",
        "A break still open ends with it.",
        "This cannot be undone.",
      ],
      confirmLabel: "Yes, record exit",
    });
  });

  it("reads the date as the form takes it, in UK order", () => {
    expect(exitConfirmation("Jo Bloggs", "30/11/2026")).toEqual(exitConfirmation("Jo Bloggs", "2026-11-30"));
  });

  it.each(["", "11/30/2026", "30/02/2026", "2026-02-30"])("asks nothing without a real exit date (%j): the service refuses the form and says why", (exitedOn) => {
    expect(exitConfirmation("Jo Bloggs", exitedOn)).toBeNull();
  });
});

describe("breakConfirmation", () => {
  it("names the person, the first day they are not expected, and when the return brings a hold", () => {
    const confirmation = breakConfirmation("Jo Bloggs", "01/12/2026", 3);
    expect(confirmation?.title).toBe("Start a break for Jo Bloggs?");
    expect(confirmation?.consequences[0]).toBe("From Tue 1 Dec 2026 Jo Bloggs is not expected at any session and cannot be dosed; sessions during the break do not count as missed.");
    expect(confirmation?.consequences[1]).toContain("one of 3 days or more");
    expect(confirmation?.confirmLabel).toBe("Yes, start break");
  });

  it("asks nothing without a start date", () => {
    expect(breakConfirmation("Jo Bloggs", "", 3)).toBeNull();
  });
});

describe("disableConfirmation", () => {
  it("names the account and says its sessions end at once", () => {
    expect(disableConfirmation("Tom Reilly")).toEqual({
      title: "Disable Tom Reilly's account?",
      consequences: ["Tom Reilly is signed out on every device at once, and cannot sign in or witness a dose until an administrator enables the account again."],
      confirmLabel: "Yes, disable account",
    });
  });
});

describe("withholdConfirmation", () => {
  it("names the person and the session, and the drawn dose to destroy", () => {
    const confirmation = withholdConfirmation("Jo Bloggs", { date: "2026-11-30", slot: "PM" }, 60);
    expect(confirmation.title).toBe("Withhold Jo Bloggs's PM dose?");
    expect(confirmation.consequences).toEqual([
      "No dose is given to Jo Bloggs at this session: it is recorded as withheld, a session without a dose in the missed-dose checks.",
      "The drawn 60 mg is listed for witnessed destruction.",
      "This cannot be undone.",
    ]);
  });

  it("says nothing of destruction when nothing was drawn", () => {
    expect(withholdConfirmation("Jo Bloggs", { date: "2026-11-30", slot: "AM" }, null).consequences).not.toContainEqual(expect.stringContaining("destruction"));
  });
});

describe("closeSessionConfirmation", () => {
  it("names everyone closing will mark, grouped by what happens to them", () => {
    const confirmation = closeSessionConfirmation({ date: "2026-11-30", slot: "PM" }, [
      { name: "Jo Bloggs", reference: "HAT-0001", effect: "MISSED" },
      { name: "Sam Lee", reference: "HAT-0002", effect: "WITHHELD" },
      { name: "Kim Pyle", reference: "HAT-0003", effect: "MISSED" },
      { name: "Ann Orr", reference: "HAT-0004", effect: "STAYS_OPEN" },
    ]);
    expect(confirmation.title).toBe("Close the PM session of Mon 30 Nov 2026?");
    expect(confirmation.consequences).toEqual([
      "Marked missed: Jo Bloggs (HAT-0001), Kim Pyle (HAT-0003).",
      "Marked withheld (checked in, not dosed): Sam Lee (HAT-0002).",
      "Left open for the late dose a prescriber authorised: Ann Orr (HAT-0004).",
      "The missed-dose checks then run, and may put a hard hold on a next dose.",
      "This cannot be undone.",
    ]);
    expect(confirmation.confirmLabel).toBe("Yes, close session");
  });

  it("says so when nobody will be marked", () => {
    expect(closeSessionConfirmation({ date: "2026-11-30", slot: "AM" }, []).consequences[0]).toBe("Everyone expected has been seen: nobody will be marked missed or withheld.");
  });
});
