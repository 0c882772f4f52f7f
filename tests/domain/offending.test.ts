import { describe, expect, it } from "vitest";
import { offencePeriod, type EpisodeSpan } from "@/domain/offending";

const episodes: EpisodeSpan[] = [
  { enrolledOn: "2025-02-01", closedOn: "2025-06-30" },
  { enrolledOn: "2025-10-01", closedOn: null },
];

describe("offencePeriod", () => {
  it.each([
    ["2025-01-31", "beforeEntry"],
    ["2025-02-01", "onProgramme"],
    ["2025-06-30", "onProgramme"],
    ["2025-07-01", "offProgramme"],
    ["2025-09-30", "offProgramme"],
    ["2025-10-01", "onProgramme"],
    ["2026-05-01", "onProgramme"],
  ])("places an offence on %s as %s", (date, period) => {
    expect(offencePeriod(date, episodes)).toBe(period);
  });

  it("places an offence after the only exit outside treatment", () => {
    expect(offencePeriod("2025-07-01", [episodes[0]!])).toBe("offProgramme");
  });

  it("places every offence of someone never enrolled before entry", () => {
    expect(offencePeriod("2025-07-01", [])).toBe("beforeEntry");
  });
});
