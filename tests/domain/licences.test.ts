import { describe, expect, it } from "vitest";
import { clinicDate } from "@/domain/clinic-time";
import { isLicensed, LICENCE_WARNING_DAYS, licenceStatus, licenceStatusLabel, recordState, unlicensedMessage, type LicenceRecord } from "@/domain/licences";

const SITE = "site-a";
const TODAY = "2026-06-15";
const licence = (over: Partial<LicenceRecord> = {}): LicenceRecord => ({ siteId: SITE, number: "HO-123", validFrom: "2026-01-01", expiresOn: "2026-12-31", revoked: false, ...over });

describe("whether a prescriber is licensed at a site today", () => {
  it.each([
    ["expires today", licence({ expiresOn: TODAY }), true],
    ["expires tomorrow", licence({ expiresOn: "2026-06-16" }), true],
    ["expired yesterday", licence({ expiresOn: "2026-06-14" }), false],
    ["starts today", licence({ validFrom: TODAY }), true],
    ["starts tomorrow (not yet started)", licence({ validFrom: "2026-06-16" }), false],
    ["started yesterday", licence({ validFrom: "2026-06-14" }), true],
    ["valid from and to today only", licence({ validFrom: TODAY, expiresOn: TODAY }), true],
    ["covers another site", licence({ siteId: "site-b" }), false],
    ["revoked", licence({ revoked: true }), false],
  ])("%s", (_case, record, expected) => {
    expect(isLicensed([record], SITE, TODAY)).toBe(expected);
    if (record.siteId === SITE) expect(recordState(record, TODAY) === "inForce").toBe(expected);
  });

  it("is not licensed with no licence at all", () => {
    expect(isLicensed([], SITE, TODAY)).toBe(false);
    expect(licenceStatus([], SITE, TODAY)).toEqual({ kind: "none" });
  });

  it("is licensed when one record is valid though another is revoked or expired", () => {
    expect(isLicensed([licence({ revoked: true }), licence({ expiresOn: "2026-01-31" }), licence({ number: "HO-456" })], SITE, TODAY)).toBe(true);
  });

  it("reads today in Europe/London: 23:30 UTC on the expiry date is already the next day in summer", () => {
    const today = clinicDate(new Date("2026-06-15T23:30:00Z"));
    expect(today).toBe("2026-06-16");
    expect(isLicensed([licence({ expiresOn: "2026-06-15" })], SITE, today)).toBe(false);
  });
});

describe("licence status, and the warning before expiry", () => {
  it("warns from 30 days before the expiry date, not 31", () => {
    expect(LICENCE_WARNING_DAYS).toBe(30);
    expect(licenceStatus([licence({ expiresOn: "2026-07-16" })], SITE, TODAY)).toMatchObject({ kind: "valid", expiresOn: "2026-07-16", daysLeft: 31 });
    expect(licenceStatus([licence({ expiresOn: "2026-07-15" })], SITE, TODAY)).toMatchObject({ kind: "expiring", expiresOn: "2026-07-15", daysLeft: 30 });
    expect(licenceStatus([licence({ expiresOn: TODAY })], SITE, TODAY)).toMatchObject({ kind: "expiring", daysLeft: 0 });
  });

  it("does not warn when a renewal already follows on without a gap", () => {
    const records = [licence({ expiresOn: "2026-06-30" }), licence({ number: "HO-789", validFrom: "2026-07-01", expiresOn: "2027-06-30" })];
    expect(licenceStatus(records, SITE, TODAY)).toMatchObject({ kind: "valid", expiresOn: "2027-06-30" });
  });

  it("still warns when the renewal leaves a gap of a day", () => {
    const records = [licence({ expiresOn: "2026-06-30" }), licence({ number: "HO-789", validFrom: "2026-07-02", expiresOn: "2027-06-30" })];
    expect(licenceStatus(records, SITE, TODAY)).toMatchObject({ kind: "expiring", expiresOn: "2026-06-30" });
  });

  it("ignores a revoked renewal when deciding whether cover continues", () => {
    const records = [licence({ expiresOn: "2026-06-30" }), licence({ validFrom: "2026-07-01", expiresOn: "2027-06-30", revoked: true })];
    expect(licenceStatus(records, SITE, TODAY)).toMatchObject({ kind: "expiring", expiresOn: "2026-06-30" });
  });

  it.each([
    ["expired", [licence({ expiresOn: "2026-06-14" })], { kind: "expired", expiresOn: "2026-06-14" }],
    ["the latest expiry among expired ones", [licence({ expiresOn: "2026-03-01" }), licence({ expiresOn: "2026-05-01" })], { kind: "expired", expiresOn: "2026-05-01" }],
    ["not yet started", [licence({ validFrom: "2026-07-01" })], { kind: "notStarted", validFrom: "2026-07-01" }],
    ["revoked", [licence({ revoked: true })], { kind: "revoked" }],
    ["a licence for another site only", [licence({ siteId: "site-b" })], { kind: "none" }],
  ])("%s", (_case, records, expected) => {
    expect(licenceStatus(records, SITE, TODAY)).toEqual(expected);
  });

  it("explains each refusal in words a prescriber understands", () => {
    expect(unlicensedMessage({ kind: "none" })).toMatch(/no Home Office licence .* recorded for this clinic/);
    expect(unlicensedMessage({ kind: "expired", expiresOn: "2026-06-14" })).toMatch(/expired on Sun 14 Jun 2026/);
    expect(unlicensedMessage({ kind: "notStarted", validFrom: "2026-07-01" })).toMatch(/not valid until Wed 1 Jul 2026/);
    expect(unlicensedMessage({ kind: "revoked" })).toMatch(/revoked/);
  });

  it.each([
    [{ kind: "valid", number: "HO-1", expiresOn: "2027-05-31", daysLeft: 350 }, "Licensed to Mon 31 May 2027"],
    [{ kind: "expiring", number: "HO-1", expiresOn: "2026-06-15", daysLeft: 0 }, "Expires Mon 15 Jun 2026 (today)"],
    [{ kind: "expiring", number: "HO-1", expiresOn: "2026-06-16", daysLeft: 1 }, "Expires Tue 16 Jun 2026 (tomorrow)"],
    [{ kind: "expiring", number: "HO-1", expiresOn: "2026-07-15", daysLeft: 30 }, "Expires Wed 15 Jul 2026 (in 30 days)"],
    [{ kind: "none" }, "No licence recorded: cannot prescribe"],
  ] as const)("labels %o as %s", (status, label) => {
    expect(licenceStatusLabel(status)).toBe(label);
  });
});
