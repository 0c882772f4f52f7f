import fc from "fast-check";
import type { Role } from "@/generated/prisma/enums";
import { normaliseBatch } from "@/domain/cd-register";
import { addLocalDays } from "@/domain/clinic-time";
import { MAX_ORAL_MG_PER_DAY } from "@/domain/dosing-limits";
import { MAX_PHOTO_BYTES } from "@/domain/identity-check";
import { parsePounds } from "@/domain/money";
import { CLINICAL_SETTING_KEYS, DEFAULT_SETTINGS } from "@/domain/settings";
import { TOP_FIELDS, TOP_RANGES, TOP_STAGES } from "@/domain/top";
import { SCREEN_RESULTS, SUBSTANCES } from "@/domain/urine";
import { MAX_OFFENCE_TYPE_LENGTH } from "@/domain/import-rows";
import { MAX_SEVERITY_SCORE } from "@/domain/offending";
import { ADVERSE_EVENT_KINDS } from "@/server/dose-sessions.input";
import { FUNDING_KINDS } from "@/server/funding.input";
import { IMPORT_KINDS } from "@/server/imports.input";
import { BREAK_REASONS, EXIT_REASONS, REFERRAL_AGENCIES } from "@/server/participants.input";
import { DOSE_ROUTES, ORAL_DRUGS } from "@/server/prescriptions.input";
import { SAMPLE_TYPES } from "@/server/urine-screens.input";
import {
  anyText,
  date,
  dateTimeLocal,
  email,
  futureDate,
  hostileText,
  id,
  newWitnessPin,
  nhsNumber,
  oneOf,
  password,
  pin,
  pounds,
  reading,
  settingValue,
  submissionKey,
  text,
  textWithNul,
  today,
  upload,
  wholeNumber,
  yesNo,
  clockTime,
  type Field,
  type FileValue,
  type FormValue,
  type Posted,
} from "./form-values";
import { FUNDING, PASSWORD, REAL_BATCH, WITNESS_NURSE, WITNESS_PRESCRIBER, type World } from "./world";

/**
 * How to fuzz one server action: the role that may run it (so payloads reach validation),
 * its form's fields, and payloads of the right form that its service must refuse.
 */
export type Spec = {
  role: Role;
  /** The form as the page posts it; `base` values together make a well-formed payload naming real records. */
  fields: Record<string, Field>;
  /**
   * Well-formed payloads the service must refuse with a rule, besides those naming records
   * that do not exist (made from each field's `dangling`). Each gives the fields it sets;
   * the others take good values.
   */
  refusals?: fc.Arbitrary<Record<string, Posted>>[];
  /** The import answers a file it refuses with a report (status "rejected"), not an error. */
  refusesWithReport?: true;
  /** Makes good values agree where the schema compares fields (a password and its confirmation). */
  agree?: (values: Record<string, Posted>) => Record<string, Posted>;
};

const ROLES = ["NURSE", "PRESCRIBER", "PHARMACIST", "BOARD", "ADMIN"] as const;
const set = (values: Record<string, Posted>) => fc.constant(values);

const OFFENCE_HEADER = "reference,offence date,offence type,severity score";
const URINE_HEADER = "reference,date,substance,result";
const csvFile = (text: string): FileValue => ({ file: "extract.csv", type: "text/csv", text });

/** A CSV cell: quoted when it has to be, or raw (which may break the file, as real files do). */
const csvCell = fc.oneof(
  fc.constantFrom("2026-01-05", "2026-02-30", "0000-01-01", "tomorrow", "theft", "-1", "1.5", "99999999", "POSITIVE", "negative", "6-MAM", "", '"', '""'),
  hostileText,
  anyText,
  textWithNul,
);
const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

/**
 * A file the import must reject: the right header, then first a row naming a participant
 * the clinic does not have (so the file cannot be accepted whatever follows), then rows of
 * anything, some naming the real participant.
 */
function refusedCsv(reference: string) {
  return fc
    .tuple(
      fc.constantFrom(...IMPORT_KINDS),
      fc.stringMatching(/^[A-Z]{2}-\d{4,6}$/),
      fc.array(fc.tuple(fc.oneof(fc.constant(reference), csvCell), csvCell, csvCell, csvCell, fc.boolean()), { maxLength: 8 }),
      fc.constantFrom("\r\n", "\n", "\r"),
      fc.boolean(),
    )
    .map(([kind, unknown, rows, newline, bom]) => {
      const header = kind === "offences" ? OFFENCE_HEADER : URINE_HEADER;
      const first = kind === "offences" ? [`NO-${unknown}`, "2026-01-05", "theft", "1"] : [`NO-${unknown}`, "2026-01-05", "COCAINE", "POSITIVE"];
      const lines = [header, first.map(quoted).join(","), ...rows.map(([a, b, c, d, raw]) => [a, b, c, d].map((cell) => (raw ? cell : quoted(cell))).join(","))];
      return { kind: [kind], file: [csvFile(`${bom ? "\ufeff" : ""}${lines.join(newline)}`)] } as Record<string, Posted>;
    });
}

/** A file that is not the expected CSV at all: random text, a different header, binary. */
const notAnExtract = fc
  .tuple(fc.constantFrom(...IMPORT_KINDS), fc.oneof(anyText, textWithNul, fc.constantFrom("a,b,c\r\n1,2,3", "\u0000\u0001\u0002", "PK\u0003\u0004", "\ufffd\ufffd", "reference\r\n")))
  .map(([kind, content]) => ({ kind: [kind], file: [csvFile(content)] }) as Record<string, Posted>);

const topAnswers = (): Record<string, Field> =>
  Object.fromEntries(
    TOP_FIELDS.map((field) => [
      field.name,
      field.kind === "yesNo" ? yesNo({ base: "no" }) : wholeNumber(TOP_RANGES[field.kind].min, TOP_RANGES[field.kind].max, { base: field.kind === "rating" ? 10 : 0 }),
    ]),
  );

const urineResults = (): Record<string, Field> => Object.fromEntries(SUBSTANCES.map((substance) => [`results.${substance}`, oneOf(SCREEN_RESULTS, { base: "NEGATIVE" })]));

/** A past date that is never the session being worked (that is today's or, before 08:00, yesterday's). */
const notTheCurrentSession = () =>
  fc.oneof(
    fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date(`${addLocalDays(today(), -2)}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    futureDate(),
  );

/** A batch number that is not `not` however it is spelt (the register upper-cases and trims batch numbers). */
const differentBatch = (max: number, not: string) =>
  fc
    .oneof(hostileText, anyText)
    .filter((s) => s.trim() !== "" && s.trim().length <= max && !s.includes("\u0000") && normaliseBatch(s) !== normaliseBatch(not))
    .map((s) => [s] as Posted);

/** Every server action's fuzz spec, by its exported name. */
/**
 * Actions with no well-formed form their service must refuse: any referral of a new person,
 * and any cost assumption with a reason, can be saved. The fuzz checks this list stays true.
 */
export const NOTHING_TO_REFUSE = new Set(["referParticipantAction", "saveCostAssumptionsAction"]);

export const SPECS: Record<string, (w: World) => Spec> = {
  // ─── Administration ───────────────────────────────────────────────────────────────────
  createUserAction: (w) => ({
    role: "ADMIN",
    fields: {
      name: text(120, { min: 2, base: "New Colleague" }),
      email: { ...email("new.colleague@fuzz.example"), dangling: undefined },
      role: oneOf(ROLES, { base: "NURSE" }),
      siteId: id(w.ids.site, { realIds: () => w.everyId }),
      temporaryPassword: password("temporary-password-1"),
    },
    refusals: [fc.constantFrom(...w.emails).chain((e) => fc.constantFrom(e, e.toUpperCase(), ` ${e} `)).map((e) => ({ email: [e] }))],
  }),
  changeRoleAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }), role: oneOf(ROLES, { base: "PRESCRIBER" }), siteId: id(w.ids.otherSite, { realIds: () => w.everyId }) },
    // Administrators cannot demote themselves.
    refusals: [fc.constantFrom("NURSE", "PRESCRIBER", "PHARMACIST", "BOARD").map((role) => ({ userId: [w.users.ADMIN.id], role: [role], siteId: [w.ids.site] }))],
  }),
  setClinicalLeadAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }), clinicalLead: oneOf(["false", "true"], { base: "false" }) },
    // Only a prescriber can be a clinical lead; the colleague (a nurse) is not one already.
    refusals: [set({ userId: [w.ids.colleague], clinicalLead: ["true"] }), set({ userId: [w.ids.colleague], clinicalLead: ["false"] })],
  }),
  disableUserAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }) },
    refusals: [set({ userId: [w.users.ADMIN.id] }), set({ userId: [w.ids.disabled] })],
  }),
  enableUserAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.disabled, { realIds: () => w.everyId }) },
    refusals: [set({ userId: [w.ids.colleague] }), set({ userId: [w.users.ADMIN.id] })],
  }),
  resetPasswordAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }), temporaryPassword: password("temporary-password-2") },
  }),
  resetWitnessPinAction: (w) => ({ role: "ADMIN", fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }) } }),
  recordLicenceAction: (w) => ({
    role: "ADMIN",
    fields: {
      prescriberId: id(w.users.PRESCRIBER.id, { realIds: () => w.everyId }),
      siteId: id(w.ids.site, { realIds: () => w.everyId }),
      number: text(60, { base: "HO/2026/0042" }),
      validFrom: date({ base: addLocalDays(today(), -10) }),
      expiresOn: date({ base: addLocalDays(today(), 365) }),
      witnessEmail: email(WITNESS_PRESCRIBER.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_PRESCRIBER.pin),
    },
    // A licence cannot expire before it starts: put generated dates in order.
    agree: (v) => (said(v, "validFrom") > said(v, "expiresOn") ? { ...v, validFrom: v.expiresOn!, expiresOn: v.validFrom! } : v),
    refusals: [
      ...witnessRefusals(w),
      // Only a prescriber holds a licence; the holder cannot confirm their own.
      set({ prescriberId: [w.ids.colleague] }),
      set({ prescriberId: [w.users.ADMIN.id] }),
      set({ prescriberId: [w.ids.witnessPrescriber] }),
      // Already expired: it would cover nothing.
      fc.integer({ min: 1, max: 3650 }).map((days) => ({ validFrom: [addLocalDays(today(), -days - 365)], expiresOn: [addLocalDays(today(), -days)] })),
    ],
  }),
  revokeLicenceAction: (w) => ({
    role: "ADMIN",
    fields: {
      licenceId: id(w.ids.licence, { realIds: () => w.everyId }),
      reason: text(500),
      witnessEmail: email(WITNESS_PRESCRIBER.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_PRESCRIBER.pin),
    },
    refusals: witnessRefusals(w),
  }),
  changeOwnPasswordAction: () => {
    const newPassword = password("a-new-password-2");
    return {
      role: "NURSE",
      fields: {
        currentPassword: secret(200, PASSWORD),
        newPassword,
        confirmPassword: secret(Number.POSITIVE_INFINITY, "a-new-password-2"),
      },
      agree: (values) => ({ ...values, confirmPassword: values.newPassword! }),
      refusals: [
        fc
          .tuple(fc.oneof(anyText, fc.string({ minLength: 1, maxLength: 200 })).filter((s) => s.trim() !== "" && s.trim().length <= 200 && s.trim() !== PASSWORD), newPassword.good)
          .map(([current, next]) => ({ currentPassword: [current], newPassword: next, confirmPassword: next })),
      ],
    };
  },
  confirmSecondFactorAction: () => ({
    role: "PRESCRIBER",
    fields: { secret: authenticatorSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), code: authenticatorCode() },
    // Not the app's code now: the set-up is refused and nothing is stored.
    refusals: [set({ code: ["000000"] })],
  }),
  resetSecondFactorAction: (w) => ({
    role: "ADMIN",
    fields: { userId: id(w.ids.colleague, { realIds: () => w.everyId }) },
    // Nobody in the world has set up an authenticator app: nothing to reset.
    refusals: [set({ userId: [w.ids.colleague] }), set({ userId: [w.users.ADMIN.id] })],
  }),
  setOwnWitnessPinAction: () => {
    const newPin = newWitnessPin("246890");
    return {
      role: "NURSE",
      fields: { currentPassword: secret(200, PASSWORD), newPin, confirmPin: secret(Number.POSITIVE_INFINITY, "246890") },
      agree: (values) => ({ ...values, confirmPin: values.newPin! }),
      // The wrong password.
      refusals: [
        fc
          .tuple(fc.oneof(anyText, fc.string({ minLength: 1, maxLength: 200 })).filter((s) => s.trim() !== "" && s.trim().length <= 200 && s.trim() !== PASSWORD), newPin.good)
          .map(([current, next]) => ({ currentPassword: [current], newPin: next, confirmPin: next })),
      ],
    };
  },
  updateSettingAction: () => ({
    role: "ADMIN",
    fields: {
      key: oneOf(Object.keys(DEFAULT_SETTINGS), { base: "capacity" }),
      reason: text(500),
      value: settingValue("20"),
    },
    refusals: [
      settingValue("20").bad.map((value) => ({ value })),
      objectSettingRefused(),
      // An administrator alone never changes a clinical setting, whatever the value.
      fc.constantFrom(...CLINICAL_SETTING_KEYS).map((key) => ({ key: [key], value: ["20"] })),
    ],
  }),
  importCsvAction: (w) => ({
    role: "ADMIN",
    fields: {
      kind: oneOf(IMPORT_KINDS, { base: "offences" }),
      file: upload(csvFile(`${OFFENCE_HEADER}\r\nT-0001,2026-01-05,theft,1\r\n`)),
    },
    refusals: [refusedCsv(w.enrolledReference), notAnExtract],
    refusesWithReport: true,
  }),
  saveFundingLineAction: (w) => ({
    role: "ADMIN",
    fields: {
      fundingLineId: id(w.ids.fundingLine, { optional: true, realIds: () => w.everyId }),
      financialYear: wholeNumber(2000, 2100, { base: 2026 }),
      kind: oneOf(FUNDING_KINDS, { base: "IN_KIND" }),
      source: text(200, { base: "Police and crime commissioner" }),
      amount: pounds((s) => parsePounds(s) !== null),
      note: text(500, { optional: true }),
    },
    // A second line for the same year, kind and source (spaces are tidied before the check).
    refusals: [
      fc
        .constantFrom(FUNDING.source, ` ${FUNDING.source} `, FUNDING.source.replace(" ", "   "), FUNDING.source.replace(" ", "\t"))
        .map((source) => ({ fundingLineId: [], financialYear: [String(FUNDING.financialYear)], kind: [FUNDING.kind], source: [source] })),
    ],
  }),
  saveCostAssumptionsAction: () => ({
    role: "ADMIN",
    fields: { costPerOffence: pounds((s) => parsePounds(s) !== null, "1,234.50"), basis: text(1000), reason: text(500) },
  }),

  // ─── Participants ─────────────────────────────────────────────────────────────────────
  referParticipantAction: () => ({
    role: "PRESCRIBER",
    fields: {
      givenName: text(100, { base: "Sam" }),
      familyName: text(100, { base: "Example" }),
      dateOfBirth: date({ past: true, base: "1980-01-01" }),
      nhsNumber: nhsNumber(),
      referredOn: date({ past: true }),
      agency: oneOf(REFERRAL_AGENCIES),
      reason: text(2000),
    },
  }),
  reReferParticipantAction: (w) => ({
    role: "PRESCRIBER",
    fields: { participantId: participant(w), referredOn: date({ past: true }), agency: oneOf(REFERRAL_AGENCIES), reason: text(2000) },
    // Only someone who exited or was declined can be referred again.
    refusals: [set({ participantId: [w.ids.enrolled] }), set({ participantId: [w.ids.referred] })],
  }),
  assessParticipantAction: (w) => ({
    role: "PRESCRIBER",
    fields: {
      referralId: id(w.ids.referral, { realIds: () => w.everyId }),
      assessedOn: date({ past: true }),
      yearsDependent: wholeNumber(0, 80, { base: 10 }),
      failedTreatments: wholeNumber(0, 30, { base: 3 }),
      failedTreatmentNotes: text(2000),
      injectingDaysLast90: wholeNumber(0, 90, { base: 80 }),
      monthsInOralTreatment: wholeNumber(0, 600, { optional: true, base: 24 }),
      outcome: oneOf(["ACCEPTED", "DECLINED"]),
      declineReason: text(2000, { optional: true }),
      overrideReason: text(2000, { optional: true }),
    },
    agree: (v) => (said(v, "outcome") === "DECLINED" && !said(v, "declineReason") ? { ...v, declineReason: ["Prefers oral treatment"] } : v),
  }),
  enrolParticipantAction: (w) => ({
    role: "PRESCRIBER",
    fields: { participantId: participant(w, w.ids.referred), enrolledOn: date({ past: true }) },
    // Only someone accepted onto the waiting list can be enrolled.
    refusals: [set({ participantId: [w.ids.enrolled] }), set({ participantId: [w.ids.referred] })],
  }),
  replacePhotoAction: (w) => ({
    role: "PRESCRIBER",
    fields: { participantId: participant(w), photo: photoUpload() },
    refusals: [set({ photo: [{ file: "photo.jpg", type: "image/jpeg", text: "<html>not a photo</html>" }] })],
  }),
  startBreakAction: (w) => ({
    role: "PRESCRIBER",
    fields: {
      participantId: participant(w),
      reason: oneOf(BREAK_REASONS),
      startedOn: date({ past: true }),
      expectedReturnOn: date({ optional: true, base: addLocalDays(today(), 30) }),
      notes: text(2000, { optional: true }),
    },
    agree: (v) => (said(v, "expectedReturnOn") && said(v, "expectedReturnOn") < said(v, "startedOn") ? { ...v, expectedReturnOn: [] } : v),
    refusals: [set({ participantId: [w.ids.referred] })],
  }),
  endBreakAction: (w) => ({
    role: "PRESCRIBER",
    fields: { participantId: participant(w), endedOn: date({ past: true }) },
    // Nobody is on a break.
    refusals: [set({ participantId: [w.ids.enrolled] })],
  }),
  exitParticipantAction: (w) => ({
    role: "PRESCRIBER",
    fields: {
      participantId: participant(w),
      exitedOn: date({ past: true }),
      reason: oneOf(EXIT_REASONS),
      planned: yesNo(),
      destination: text(200, { optional: true }),
      notes: text(2000, { optional: true }),
    },
    refusals: [set({ participantId: [w.ids.referred] })],
  }),

  // ─── Prescribing ──────────────────────────────────────────────────────────────────────
  prescribeAction: (w) => ({
    role: "PRESCRIBER",
    fields: {
      participantId: participant(w),
      amDoseMg: wholeNumber(0, 2000, { base: 100 }),
      pmDoseMg: wholeNumber(0, 2000, { base: 100 }),
      route: oneOf(DOSE_ROUTES, { optional: true, base: "IV" }),
      stableDose: yesNo({ optional: true, base: "no" }),
      startsFrom: oneOf(["now"] as const, { optional: true, base: "now" }),
      reviewBy: date({ optional: true, base: addLocalDays(today(), 14) }),
      transferToOral: yesNo({ optional: true, base: "no" }),
      oralDrug: oneOf(ORAL_DRUGS, { optional: true }),
      oralDoseMgPerDay: wholeNumber(1, MAX_ORAL_MG_PER_DAY, { optional: true, base: 60 }),
      reason: text(500),
      overrideReason: text(1000, { optional: true }),
      clearHoldId: id(w.ids.hold, { optional: true, realIds: () => w.everyId }),
    },
    agree: (v) => {
      const oral = Boolean(said(v, "oralDrug")) && Boolean(said(v, "oralDoseMgPerDay"));
      return oral ? v : { ...v, oralDrug: [], oralDoseMgPerDay: [], transferToOral: ["no"] };
    },
    refusals: [set({ participantId: [w.ids.referred] })],
  }),
  placeHoldAction: (w) => ({
    role: "PRESCRIBER",
    fields: { participantId: participant(w), kind: oneOf(["SOFT", "HARD"]), reason: text(500) },
    refusals: [set({ participantId: [w.ids.referred] })],
  }),
  clearHoldAction: (w) => ({
    role: "PRESCRIBER",
    fields: { holdId: id(w.ids.hold, { realIds: () => w.everyId }), note: text(1000) },
  }),
  authoriseLateDoseAction: (w) => ({
    role: "PRESCRIBER",
    fields: { doseSessionId: doseSession(w), reason: text(500) },
    refusals: [set({ doseSessionId: [w.ids.closedSession] })],
  }),

  // ─── Controlled-drug register ─────────────────────────────────────────────────────────
  destroyDoseLeftoverAction: (w) => ({
    role: "PHARMACIST",
    // No drawn dose awaits destruction in this world: every well-formed request names one that does not exist.
    fields: { leftoverId: id("no-such-leftover", { realIds: () => w.everyId }), note: text(500, { optional: true }), witnessEmail: email(WITNESS_PRESCRIBER.email, { realEmails: w.emails }), witnessPin: pin(WITNESS_PRESCRIBER.pin) },
    refusals: [set({}), ...witnessRefusals(w)],
  }),
  receiveStockAction: (w) => ({
    role: "PHARMACIST",
    fields: {
      productId: product(w),
      batch: text(60, { base: "B-NEW-1" }),
      expiresOn: date({ base: addLocalDays(today(), 200) }),
      quantity: wholeNumber(1, 100_000, { base: 20 }),
      supplier: text(200),
      witnessEmail: email(WITNESS_NURSE.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_NURSE.pin),
    },
    refusals: [
      ...witnessRefusals(w),
      // A batch already past its expiry date (usable on the date itself, expired the day after).
      fc.integer({ min: 1, max: 3650 }).map((days) => ({ expiresOn: [addLocalDays(today(), -days)] })),
    ],
  }),
  removeStockAction: (w) => ({
    role: "PHARMACIST",
    fields: {
      productId: product(w),
      batch: text(60, { base: REAL_BATCH }),
      quantity: wholeNumber(1, 100_000, { base: 1 }),
      kind: oneOf(["DESTRUCTION", "RETURN"]),
      note: text(500),
      witnessEmail: email(WITNESS_PRESCRIBER.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_PRESCRIBER.pin),
    },
    refusals: [
      ...witnessRefusals(w),
      // Nurses may witness a receipt, not a destruction.
      set({ witnessEmail: [WITNESS_NURSE.email], witnessPin: [WITNESS_NURSE.pin] }),
      // More than the batch holds, or a batch the register has never had.
      fc.integer({ min: 51, max: 100_000 }).map((n) => ({ batch: [REAL_BATCH], quantity: [String(n)] })),
      differentBatch(60, REAL_BATCH).map((batch) => ({ batch })),
    ],
  }),
  annotateEntryAction: (w) => ({
    role: "PHARMACIST",
    fields: { entryId: id(w.ids.receipt, { realIds: () => w.everyId }), note: text(1000) },
  }),
  stockCheckAction: (w) => ({
    role: "PHARMACIST",
    fields: {
      productId: product(w),
      batch: text(60, { base: REAL_BATCH }),
      counted: wholeNumber(0, 100_000, { base: 50 }),
      notes: text(1000, { optional: true }),
      witnessEmail: email(WITNESS_NURSE.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_NURSE.pin),
    },
    // A batch the register has never had: counting it would record "no discrepancy" for nothing.
    refusals: [...witnessRefusals(w), differentBatch(60, REAL_BATCH).map((batch) => ({ batch }))],
  }),

  // ─── The dose session ─────────────────────────────────────────────────────────────────
  checkInAction: (w) => ({
    role: "NURSE",
    fields: { participantId: participant(w), sessionDate: date({ base: today() }), slot: oneOf(["AM", "PM"]) },
    refusals: [notTheCurrentSession().map((day) => ({ participantId: [w.ids.enrolled], sessionDate: [day] }))],
  }),
  recordPreDoseAssessmentAction: (w) => ({
    role: "NURSE",
    fields: {
      doseSessionId: doseSession(w),
      replacesAssessmentId: id("no-earlier-assessment", { optional: true, realIds: () => w.everyId }),
      sedationScore: wholeNumber(0, 4, { base: 0 }),
      breathAlcohol: reading(5, 3, { base: "0.000" }),
      withdrawalScore: wholeNumber(0, 10, { base: 2 }),
      spo2: wholeNumber(50, 100, { optional: true, base: 98 }),
    },
    refusals: [set({ doseSessionId: [w.ids.closedSession] })],
  }),
  drawDoseAction: (w) => ({
    role: "NURSE",
    fields: {
      doseSessionId: doseSession(w),
      doseMg: wholeNumber(1, 2000, { base: 100 }),
      batch: batchChoice(w),
      partialReason: text(500, { optional: true }),
      softHoldReason: text(500, { optional: true }),
      witnessEmail: email(WITNESS_NURSE.email, { realEmails: w.emails }),
      witnessPin: pin(WITNESS_NURSE.pin),
    },
    refusals: [set({ doseSessionId: [w.ids.closedSession] }), ...witnessRefusals(w)],
  }),
  administerDoseAction: (w) => ({
    role: "NURSE",
    fields: {
      doseSessionId: doseSession(w),
      injectionSite: text(120, { optional: true, base: "Left forearm" }),
      givenMg: wholeNumber(0, 2000, { optional: true }),
      partReason: text(500, { optional: true }),
      overrideReason: text(500, { optional: true }),
    },
    // Nothing has been drawn in either session.
    refusals: [set({ doseSessionId: [w.ids.closedSession] }), set({ doseSessionId: [w.ids.openSession] })],
  }),
  signOffAction: (w) => ({
    role: "NURSE",
    fields: { doseSessionId: doseSession(w), earlyReason: text(500, { optional: true }) },
    refusals: [set({ doseSessionId: [w.ids.closedSession] }), set({ doseSessionId: [w.ids.openSession] })],
  }),
  withholdDoseAction: (w) => ({
    role: "NURSE",
    fields: { doseSessionId: doseSession(w), reason: text(500) },
    refusals: [set({ doseSessionId: [w.ids.closedSession] })],
  }),
  declineDoseAction: (w) => ({
    role: "NURSE",
    fields: { doseSessionId: doseSession(w), reason: text(500, { optional: true }) },
    refusals: [set({ doseSessionId: [w.ids.closedSession] })],
  }),
  recordAdverseEventAction: (w) => ({
    role: "NURSE",
    fields: {
      doseSessionId: doseSession(w),
      kind: oneOf(ADVERSE_EVENT_KINDS, { base: "OTHER" }),
      naloxoneMg: reading(20, 2, { optional: true, base: "0.40" }),
      description: text(2000),
      occurredAt: dateTimeLocal(),
      submissionKey: submissionKey(),
    },
    agree: (v) => (said(v, "kind") === "NALOXONE_GIVEN" && !(Number(said(v, "naloxoneMg")) > 0) ? { ...v, naloxoneMg: ["0.40"] } : v),
  }),
  recordParticipantAdverseEventAction: (w) => ({
    role: "NURSE",
    fields: {
      participantId: participant(w),
      kind: oneOf(ADVERSE_EVENT_KINDS, { base: "OTHER" }),
      naloxoneMg: reading(20, 2, { optional: true, base: "0.40" }),
      description: text(2000),
      occurredAt: dateTimeLocal(),
      submissionKey: submissionKey(),
    },
    agree: (v) => (said(v, "kind") === "NALOXONE_GIVEN" && !(Number(said(v, "naloxoneMg")) > 0) ? { ...v, naloxoneMg: ["0.40"] } : v),
    // Someone referred but never enrolled.
    refusals: [set({ participantId: [w.ids.referred] })],
  }),
  closeSessionAction: () => ({
    role: "NURSE",
    fields: { sessionDate: date({ base: addLocalDays(today(), 1) }), slot: oneOf(["AM", "PM"]), confirmedEffects: text(20_000, { optional: true }), reason: text(500, { optional: true }) },
    // A session is closed only after its window has closed.
    refusals: [futureDate().map((day) => ({ sessionDate: [day] }))],
  }),

  // ─── Back-entry of doses given on paper ──────────────────────────────────────────────
  enterBackEntryAction: (w) => ({
    role: "NURSE",
    fields: {
      participantId: participant(w),
      sessionDate: date({ base: addLocalDays(today(), -1) }),
      slot: oneOf(["AM", "PM"]),
      arrivedAt: clockTime("08:10"),
      drawnAt: clockTime("08:20"),
      givenAt: clockTime("08:24"),
      signedOffAt: clockTime("08:50"),
      doseMg: wholeNumber(1, 2000, { base: 100 }),
      partialReason: text(500, { optional: true }),
      injectionSite: text(120, { optional: true, base: "Left forearm" }),
      batch: batchChoice(w),
      witnessId: id(w.ids.witnessNurse, { realIds: () => w.everyId }),
    },
    // Beyond the reach, a witness who cannot witness a dose, more than prescribed.
    refusals: [set({ sessionDate: [addLocalDays(today(), -30)] }), set({ witnessId: [w.users.PHARMACIST.id] }), set({ doseMg: ["2000"] })],
  }),
  approveBackEntriesAction: () => ({
    role: "PRESCRIBER",
    fields: { sessionDate: date({ base: addLocalDays(today(), -1) }), slot: oneOf(["AM", "PM"]), entries: text(20_000) },
    // No entry waits, or not the ones shown.
    refusals: [set({ entries: ["not-the-list"] })],
  }),
  rejectBackEntryAction: (w) => ({
    role: "PRESCRIBER",
    fields: { backEntryId: id(w.ids.enrolled, { realIds: () => w.everyId }), reason: text(500) },
  }),
  confirmOutageAction: () => ({
    role: "PRESCRIBER",
    fields: { sessionDate: date({ base: addLocalDays(today(), -1) }), slot: oneOf(["AM", "PM"]), reason: text(500) },
    // A session still to come is not waiting after an outage.
    refusals: [futureDate().map((day) => ({ sessionDate: [day] }))],
  }),

  // ─── Evidence ─────────────────────────────────────────────────────────────────────────
  recordUrineScreenAction: (w) => ({
    role: "NURSE",
    fields: {
      participantId: participant(w),
      collectedOn: date({ past: true }),
      sampleType: oneOf(SAMPLE_TYPES),
      supervised: yesNo({ base: "yes" }),
      ...urineResults(),
    },
  }),
  recordTopAssessmentAction: (w) => ({
    role: "NURSE",
    fields: { participantId: participant(w), assessedOn: date({ past: true }), stage: oneOf(TOP_STAGES), ...topAnswers() },
    // Units exist exactly when there were drinking days; sharing equipment means injecting.
    agree: (v) => {
      const drinking = Number(said(v, "alcoholDays")) > 0;
      const units = Number(said(v, "alcoholUnitsPerDay"));
      const injecting = Number(said(v, "injectedDays")) > 0;
      return {
        ...v,
        alcoholUnitsPerDay: drinking ? (units > 0 ? v.alcoholUnitsPerDay! : ["4"]) : ["0"],
        ...(injecting ? {} : { sharedNeedles: ["no"], sharedOtherEquipment: ["no"] }),
      };
    },
  }),
  recordOffenceAction: (w) => ({
    role: "NURSE",
    fields: {
      participantId: participant(w),
      offenceDate: date({ past: true }),
      offenceType: text(MAX_OFFENCE_TYPE_LENGTH, { base: "Shoplifting" }),
      severityScore: wholeNumber(0, MAX_SEVERITY_SCORE, { base: 3 }),
    },
  }),
};

/** A field's value as the schema will see it (trimmed; "" when absent). */
function said(values: Record<string, Posted>, name: string): string {
  const value = values[name]?.[0];
  return typeof value === "string" ? value.trim() : "";
}

function participant(w: World, base = w.ids.enrolled): Field {
  return id(base, { realIds: () => w.everyId });
}

function doseSession(w: World): Field {
  return id(w.ids.openSession, { realIds: () => w.everyId });
}

function product(w: World): Field {
  return id(w.ids.product, { realIds: () => w.everyId });
}

/** The batch a dose is drawn from, as the draw form posts it: "<product id>:<batch number>". */
function batchChoice(w: World): Field {
  const good = fc.oneof(fc.constant(`${w.ids.product}:${REAL_BATCH}`), fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), fc.stringMatching(/^\S[ -~]{0,40}$/)).map(([p, b]) => `${p}:${b}`));
  const bad = fc.oneof(fc.constantFrom("", " ", "no-colon", ":B1", "p :B1"), fc.integer({ min: 201, max: 5000 }).map((n) => `p:${"b".repeat(n)}`), fileArbitrary().map((f) => f[0]!));
  return { base: [`${w.ids.product}:${REAL_BATCH}`], good: good.map((s) => [s]), bad: bad.map((s) => (s === "" ? [] : [s])), checkedBy: "schema" };
}

/** Witnesses who cannot witness: yourself, a nurse or pharmacist without a PIN, a disabled account. */
function witnessRefusals(w: World): fc.Arbitrary<Record<string, Posted>>[] {
  return [set({ witnessEmail: [w.users.PHARMACIST.email] }), set({ witnessEmail: [w.users.NURSE.email] }), set({ witnessEmail: [w.emails.at(-1)!] })];
}

/** A string the schema checks only for length (passwords: never stored, so any character goes). */
function secret(max: number, base: string): Field {
  const fits = (s: string) => s.trim() !== "" && s.trim().length <= max;
  const goodText = fc.oneof(anyText, fc.string({ minLength: 1, maxLength: 60 })).filter(fits);
  const bad: fc.Arbitrary<Posted>[] = [
    fc.constant([]),
    fc.constantFrom(" ", "\t\n").map((s) => [s]),
    fileArbitrary(),
    fc.tuple(goodText, goodText).map(([a, b]) => [a, b]),
  ];
  if (Number.isFinite(max)) bad.push(fc.integer({ min: max + 1, max: 100_000 }).map((n) => ["k".repeat(n)]));
  return { base: [base], good: goodText.map((s) => [s]), bad: fc.oneof(...bad), checkedBy: "schema" };
}

/** The authenticator secret the set-up page sends back: 32 characters of base32 (A–Z, 2–7). */
function authenticatorSecret(base: string): Field {
  const isGood = (s: string) => /^[A-Z2-7]{32}$/.test(s.trim());
  const goodText = fc.stringMatching(/^[A-Z2-7]{32}$/);
  const badText = fc
    .oneof(fc.constantFrom(base.toLowerCase(), base.slice(1), `${base}A`, base.replace("J", "1"), base.replace("J", "0")), anyText)
    .filter((s) => s.trim() !== "" && !isGood(s));
  return {
    base: [base],
    good: goodText.map((s) => [s]),
    bad: fc.oneof(badText.map((s) => [s]), fileArbitrary(), fc.constant([]), fc.tuple(goodText, goodText).map(([a, b]) => [a, b])),
    checkedBy: "schema",
  };
}

/** A code from the authenticator app: 6 digits, spaces allowed between them as apps show them. */
function authenticatorCode(): Field {
  const isGood = (s: string) => /^\d{6}$/.test(s.replace(/\s/g, ""));
  const goodText = fc.stringMatching(/^\d{6}$/);
  const badText = fc
    .oneof(fc.constantFrom("12345", "1234567", "12a456", "١٢٣٤٥٦", "-12345", "123456\u0000"), anyText)
    .filter((s) => s.trim() !== "" && !isGood(s));
  return {
    base: ["123456"],
    good: goodText.map((s) => [s]),
    bad: fc.oneof(badText.map((s) => [s]), fileArbitrary(), fc.constant([]), fc.tuple(goodText, goodText).map(([a, b]) => [a, b])),
    checkedBy: "schema",
  };
}

/** A photo: a JPEG's signature, then bytes; what it holds and its size are the service's to check (src/domain/identity-check.ts). */
function photoUpload(): Field {
  const jpeg = (bytes: number): FileValue => ({ file: "photo.jpg", type: "image/jpeg", bytes, head: [0xff, 0xd8, 0xff, 0xe0] });
  return {
    base: [jpeg(4096)],
    good: fc.integer({ min: 4, max: MAX_PHOTO_BYTES }).map((bytes) => [jpeg(bytes)]),
    bad: fc.oneof(
      fc.constant([]),
      anyText.filter((s) => s.trim() !== "").map((s) => [s]),
      fc.constant([{ file: "empty.jpg", type: "image/jpeg", text: "" }]),
      fc.integer({ min: MAX_PHOTO_BYTES + 1, max: MAX_PHOTO_BYTES + 4096 }).map((bytes) => [jpeg(bytes)]),
      fc.constantFrom<FileValue>({ file: "photo.gif", type: "image/gif", text: "GIF89a" }, { file: "photo.svg", type: "image/svg+xml", text: "<svg/>" }).map((f) => [f]),
    ),
    checkedBy: "service",
  };
}

function fileArbitrary(): fc.Arbitrary<Posted> {
  return fc.constantFrom<FileValue>({ file: "a.txt", type: "text/plain", text: "secret" }).map((f) => [f]);
}

/**
 * A structured setting posted as `value.<path>` fields, one of them certainly wrong
 * (a count that is not a whole number, a time that is not HH:mm, a yes/no that is neither).
 */
function objectSettingRefused(): fc.Arbitrary<Record<string, Posted>> {
  const paths: Record<string, string[]> = {
    eligibility: ["minAgeYears", "minYearsDependent", "minFailedTreatments", "minInjectingDaysLast90"],
    sessionWindows: ["AM.opens", "AM.closes", "PM.opens", "PM.closes"],
    doseLimits: ["maxSingleMg", "maxDailyMg", "maxIncreasePercent", "inductionFirstDoseMg", "inductionLaterDoseMg"],
    oralLimits: ["METHADONE.softDailyMg", "METHADONE.hardDailyMg", "SLOW_RELEASE_ORAL_MORPHINE.softDailyMg", "SLOW_RELEASE_ORAL_MORPHINE.hardDailyMg"],
    assessmentPolicy: ["maxSedationScore", "breathAlcoholWithholdMgPerL", "minSpo2"],
    missedDosePolicy: ["consecutiveDaysWithoutDoseForHardHold", "holdOnAnyMissDuringInduction"],
    prescriptionReview: ["reviewDays", "graceDays"],
  };
  return fc.constantFrom(...Object.keys(paths)).chain((key) =>
    fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom(...paths[key]!, "__proto__.polluted", "constructor.prototype.polluted", "x"), fc.oneof(anyText, fc.integer().map(String))), {
          maxLength: 6,
        }),
        fc.constantFrom(...paths[key]!),
        fc.constantFrom("-7", "abc", "25:00", "2026-02-30", "\u0000", "<script>"),
      )
      .map(([others, wrongPath, wrong]) => {
        const fields: Record<string, FormValue[]> = { key: [key] };
        for (const [path, value] of others) (fields[`value.${path}`] ??= []).push(value);
        (fields[`value.${wrongPath}`] ??= []).push(wrong);
        return fields;
      }),
  );
}
