import { describe, expect, it } from "vitest";
import { WITNESS_RECENT_SIGN_IN_HOURS, witnessChoices, witnessEmailFor, type StaffMember } from "@/domain/witness-choices";

const now = new Date("2026-03-10T10:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const member = (name: string, role: string, lastSignInAt: Date | null): StaffMember => ({ id: name, name, email: `${name.split(" ")[0]!.toLowerCase()}@clinic.test`, role, lastSignInAt });

const staff = [
  member("Nina Shah", "NURSE", hoursAgo(0)),
  member("Tom Reilly", "NURSE", hoursAgo(1)),
  member("Amina Okafor", "PRESCRIBER", hoursAgo(WITNESS_RECENT_SIGN_IN_HOURS)),
  member("Late Shift", "NURSE", hoursAgo(WITNESS_RECENT_SIGN_IN_HOURS + 0.01)),
  member("Priya Desai", "PHARMACIST", hoursAgo(2)),
  member("Never Here", "NURSE", null),
];
const dose = { actorId: "Nina Shah", roles: ["NURSE", "PRESCRIBER"], lastWitnessId: null, now };

describe("witness choices", () => {
  it("offers the colleagues allowed for the step who signed in within the hours (the boundary included), by name, never oneself", () => {
    const choices = witnessChoices(staff, dose);
    expect(choices.recent.map((c) => c.name)).toEqual(["Amina Okafor", "Tom Reilly"]);
    expect(choices.everyone.map((c) => c.name)).toEqual(["Amina Okafor", "Late Shift", "Never Here", "Tom Reilly"]);
  });

  it("does not take a sign-in dated after now for a recent one", () => {
    expect(witnessChoices([member("Clock Skew", "NURSE", new Date(now.getTime() + 60_000))], dose).recent).toEqual([]);
  });

  it("chooses the last witness when they are offered, and no one otherwise", () => {
    expect(witnessChoices(staff, { ...dose, lastWitnessId: "Tom Reilly" }).chosenEmail).toBe("tom@clinic.test");
    expect(witnessChoices(staff, { ...dose, lastWitnessId: "Late Shift" }).chosenEmail).toBeNull();
    expect(witnessChoices(staff, { ...dose, lastWitnessId: "Priya Desai" }).chosenEmail).toBeNull();
    expect(witnessChoices(staff, { ...dose, lastWitnessId: "Nina Shah" }).chosenEmail).toBeNull();
  });
});

describe("what is sent for a typed witness", () => {
  const everyone = witnessChoices(staff, dose).everyone;
  it("is the email of the one colleague the typed name names, in any case and spacing", () => {
    expect(witnessEmailFor("  tom   REILLY ", everyone)).toBe("tom@clinic.test");
  });
  it("is what was typed otherwise, for the server to answer as any email", () => {
    expect(witnessEmailFor("tom@clinic.test ", everyone)).toBe("tom@clinic.test");
    expect(witnessEmailFor("Tom", everyone)).toBe("Tom");
    expect(witnessEmailFor("nobody@clinic.test", everyone)).toBe("nobody@clinic.test");
  });
  it("is what was typed when two colleagues share the name", () => {
    const twins = [...everyone, { ...everyone[3]!, id: "other", email: "tom.r@clinic.test" }];
    expect(witnessEmailFor("Tom Reilly", twins)).toBe("Tom Reilly");
  });
});
