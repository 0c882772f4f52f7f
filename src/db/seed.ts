import {
  Substance,
  type BreakReason,
  type ExitReason,
  type Prisma,
  type PrismaClient,
  type ReferralAgency,
  type Role,
  type TopStage,
} from "@/generated/prisma/client";
import { hashPassword, hashWitnessPin } from "@/auth/passwords";
import type { DemoSeedState } from "@/domain/demo-mode";
import {
  addLocalDays,
  clinicDate,
  clinicInstant,
  dbDateToLocal,
  DEFAULT_SESSION_WINDOWS,
  isLocalDate,
  localDateToDb,
  localDaysBetween,
  sessionsBetween,
  type LocalDate,
  type SessionSlot,
} from "@/domain/clinic-time";
import { DEFAULT_PRESCRIPTION_REVIEW } from "@/domain/prescription-review";

/**
 * The demo cohort: one site, its staff and about 18 months of invented participants,
 * ending yesterday. Every random choice comes from a seeded generator, so the same
 * `today` always writes the same rows (only bcrypt salts and the audit time differ).
 */

export const DEMO_SITE_CODE = "MBR";
const DEMO_SITE_ID = `site_${DEMO_SITE_CODE}`;
const DEMO_SITE_NAME = "Middlesbrough HAT Clinic";
const COHORT_DAYS = 540;

export type DemoUser = { email: string; name: string; role: Role; password: string; witnessPin: string | null; clinicalLead?: boolean };

export const DEMO_USERS = [
  { email: "nurse@hat.example", name: "Nina Shah", role: "NURSE", password: "nurse-demo-2026", witnessPin: "135792" },
  { email: "nurse2@hat.example", name: "Tom Reilly", role: "NURSE", password: "nurse2-demo-2026", witnessPin: "246813" },
  {
    email: "prescriber@hat.example",
    name: "Dr Amina Okafor",
    role: "PRESCRIBER",
    password: "prescriber-demo-2026",
    witnessPin: "357924",
    // Clinical settings (dose limits, observation, spacing…) are changed by a clinical lead only.
    clinicalLead: true,
  },
  {
    email: "pharmacist@hat.example",
    name: "Priya Desai",
    role: "PHARMACIST",
    password: "pharmacist-demo-2026",
    witnessPin: "468035",
  },
  { email: "board@hat.example", name: "Board Member", role: "BOARD", password: "board-demo-2026", witnessPin: null },
  { email: "admin@hat.example", name: "Site Admin", role: "ADMIN", password: "admin-demo-2026", witnessPin: null },
  // A second administrator, to confirm prescriber licences the first records (issue 15).
  { email: "admin2@hat.example", name: "Deputy Admin", role: "ADMIN", password: "admin2-demo-2026", witnessPin: "864219" },
] as const satisfies readonly DemoUser[];

export type SeedSummary = {
  participants: number;
  enrolled: number;
  doseSessions: number;
  doseSessionEvents: number;
  urineScreens: number;
  topAssessments: number;
  offences: number;
};

// ─── The cohort ──────────────────────────────────────────────────────────────

type ShopliftingPattern = "dailyThenStopped" | "dailyThenReduced" | "occasional";

type TreatmentPlan = {
  /** Days after the cohort start. */
  enrolDay: number;
  targetAmMg: number;
  targetPmMg: number;
  /** Share of expected sessions attended. */
  attendance: number;
  /** Prescription changes after titration: days after enrolment, factor on both doses. */
  doseChanges: { afterDays: number; factor: number; reason: string }[];
  shoplifting: ShopliftingPattern;
  offencesYearBefore: number;
  ceasedOffending: boolean;
  exit?: { afterDays: number; reason: ExitReason; planned: boolean; destination?: string; notes: string };
  currentBreak?: { reason: BreakReason; startedDaysAgo: number; expectedBackInDays: number; notes: string };
  pastBreak?: { reason: BreakReason; afterDays: number; days: number; notes: string };
};

type CohortMember = {
  reference: string;
  givenName: string;
  familyName: string;
  ageToday: number;
  agency: ReferralAgency;
} & (
  | { status: "enrolled"; treatment: TreatmentPlan }
  | { status: "waiting"; referredDay: number }
  | { status: "declined"; referredDay: number; declineReason: string }
);

const INCREASE_REASON = "Increase: withdrawal signs before the next session";
const REDUCTION_REASON = "Reduction at participant's request";

const COHORT: CohortMember[] = [
  {
    reference: "HAT-0001", givenName: "Darren", familyName: "Ashcombe", ageToday: 44, agency: "PROBATION", status: "enrolled",
    treatment: {
      enrolDay: 25, targetAmMg: 180, targetPmMg: 200, attendance: 0.98, shoplifting: "dailyThenStopped",
      offencesYearBefore: 5, ceasedOffending: false,
      doseChanges: [{ afterDays: 150, factor: 1.1, reason: INCREASE_REASON }],
    },
  },
  {
    reference: "HAT-0002", givenName: "Kelly", familyName: "Marwood", ageToday: 36, agency: "POLICE", status: "enrolled",
    treatment: {
      enrolDay: 32, targetAmMg: 150, targetPmMg: 180, attendance: 0.95, shoplifting: "dailyThenReduced",
      offencesYearBefore: 4, ceasedOffending: false,
      doseChanges: [{ afterDays: 90, factor: 0.9, reason: REDUCTION_REASON }],
      exit: {
        afterDays: 150, reason: "CUSTODIAL_SENTENCE", planned: false,
        notes: "Sentenced for an offence committed before enrolment; prison healthcare informed of current dose.",
      },
    },
  },
  {
    reference: "HAT-0003", givenName: "Lee", familyName: "Brannigan", ageToday: 51, agency: "DRUG_SERVICE", status: "enrolled",
    treatment: {
      enrolDay: 40, targetAmMg: 200, targetPmMg: 240, attendance: 0.99, shoplifting: "dailyThenStopped",
      offencesYearBefore: 3, ceasedOffending: true,
      doseChanges: [{ afterDays: 200, factor: 0.85, reason: REDUCTION_REASON }],
    },
  },
  {
    reference: "HAT-0004", givenName: "Shane", familyName: "Corrigan", ageToday: 31, agency: "PRISON", status: "enrolled",
    treatment: {
      enrolDay: 48, targetAmMg: 120, targetPmMg: 150, attendance: 0.88, shoplifting: "dailyThenReduced",
      offencesYearBefore: 2, ceasedOffending: false,
      doseChanges: [{ afterDays: 60, factor: 1.1, reason: INCREASE_REASON }],
      exit: {
        afterDays: 95, reason: "DROPPED_OUT", planned: false,
        notes: "Stopped attending; outreach attempts unanswered.",
      },
    },
  },
  {
    reference: "HAT-0005", givenName: "Joanne", familyName: "Pellow", ageToday: 47, agency: "GP", status: "enrolled",
    treatment: {
      enrolDay: 55, targetAmMg: 240, targetPmMg: 280, attendance: 0.97, shoplifting: "occasional",
      offencesYearBefore: 3, ceasedOffending: false,
      doseChanges: [{ afterDays: 150, factor: 1.1, reason: INCREASE_REASON }],
      exit: {
        afterDays: 330, reason: "COMPLETED_TO_ORAL", planned: true,
        destination: "Oral methadone with community drug service",
        notes: "IV dose tapered to zero over four weeks with oral methadone cover.",
      },
    },
  },
  {
    reference: "HAT-0006", givenName: "Craig", familyName: "Dunmore", ageToday: 39, agency: "PROBATION", status: "enrolled",
    treatment: {
      enrolDay: 63, targetAmMg: 160, targetPmMg: 200, attendance: 0.96, shoplifting: "dailyThenStopped",
      offencesYearBefore: 4, ceasedOffending: false,
      doseChanges: [{ afterDays: 200, factor: 0.85, reason: REDUCTION_REASON }],
      currentBreak: {
        reason: "MENTAL_HEALTH", startedDaysAgo: 12, expectedBackInDays: 9,
        notes: "Admitted to the crisis team's care; community mental health team to confirm return.",
      },
    },
  },
  {
    reference: "HAT-0007", givenName: "Stacey", familyName: "Holloway", ageToday: 42, agency: "SELF", status: "enrolled",
    treatment: {
      enrolDay: 75, targetAmMg: 200, targetPmMg: 220, attendance: 0.98, shoplifting: "occasional",
      offencesYearBefore: 1, ceasedOffending: false,
      doseChanges: [{ afterDays: 120, factor: 1.1, reason: INCREASE_REASON }],
      pastBreak: { reason: "HOSPITAL", afterDays: 210, days: 10, notes: "Admitted with cellulitis of the left leg." },
    },
  },
  {
    reference: "HAT-0008", givenName: "Gary", familyName: "Thirkell", ageToday: 53, agency: "POLICE", status: "enrolled",
    treatment: {
      enrolDay: 88, targetAmMg: 140, targetPmMg: 160, attendance: 0.95, shoplifting: "dailyThenReduced",
      offencesYearBefore: 3, ceasedOffending: false,
      doseChanges: [{ afterDays: 120, factor: 1.1, reason: INCREASE_REASON }],
      exit: {
        afterDays: 260, reason: "MOVED_AWAY", planned: false,
        notes: "Moved to family in another area; referred to the local drug service.",
      },
    },
  },
  {
    reference: "HAT-0009", givenName: "Michelle", familyName: "Rudd", ageToday: 34, agency: "DRUG_SERVICE", status: "enrolled",
    treatment: {
      enrolDay: 100, targetAmMg: 260, targetPmMg: 300, attendance: 0.97, shoplifting: "dailyThenStopped",
      offencesYearBefore: 2, ceasedOffending: false,
      doseChanges: [
        { afterDays: 150, factor: 1.1, reason: INCREASE_REASON },
        { afterDays: 330, factor: 0.9, reason: REDUCTION_REASON },
      ],
      currentBreak: {
        reason: "PHYSICAL_HEALTH", startedDaysAgo: 26, expectedBackInDays: 16,
        notes: "Recovering from a leg fracture at her sister's home; unable to travel twice daily.",
      },
    },
  },
  {
    reference: "HAT-0010", givenName: "Paul", familyName: "Stainsby", ageToday: 45, agency: "PRISON", status: "enrolled",
    treatment: {
      enrolDay: 115, targetAmMg: 180, targetPmMg: 180, attendance: 0.99, shoplifting: "dailyThenStopped",
      offencesYearBefore: 3, ceasedOffending: true,
      doseChanges: [
        { afterDays: 100, factor: 0.9, reason: REDUCTION_REASON },
        { afterDays: 220, factor: 0.8, reason: REDUCTION_REASON },
      ],
      exit: {
        afterDays: 280, reason: "RESIDENTIAL_REHAB", planned: true,
        destination: "Residential rehabilitation",
        notes: "Funded rehab placement; detoxification arranged by the unit.",
      },
    },
  },
  {
    reference: "HAT-0011", givenName: "Wayne", familyName: "Kilburn", ageToday: 38, agency: "GP", status: "enrolled",
    treatment: {
      enrolDay: 130, targetAmMg: 220, targetPmMg: 260, attendance: 0.96, shoplifting: "occasional",
      offencesYearBefore: 4, ceasedOffending: false,
      doseChanges: [
        { afterDays: 120, factor: 1.15, reason: INCREASE_REASON },
        { afterDays: 300, factor: 0.9, reason: REDUCTION_REASON },
      ],
    },
  },
  {
    reference: "HAT-0012", givenName: "Natalie", familyName: "Grieves", ageToday: 33, agency: "SELF", status: "enrolled",
    treatment: {
      enrolDay: 145, targetAmMg: 150, targetPmMg: 170, attendance: 0.94, shoplifting: "dailyThenStopped",
      offencesYearBefore: 2, ceasedOffending: true,
      doseChanges: [{ afterDays: 240, factor: 0.8, reason: REDUCTION_REASON }],
    },
  },
  {
    reference: "HAT-0013", givenName: "Anthony", familyName: "Lazenby", ageToday: 49, agency: "PROBATION", status: "enrolled",
    treatment: {
      enrolDay: 160, targetAmMg: 120, targetPmMg: 140, attendance: 0.97, shoplifting: "occasional",
      offencesYearBefore: 3, ceasedOffending: false,
      doseChanges: [{ afterDays: 90, factor: 1.2, reason: INCREASE_REASON }],
    },
  },
  {
    reference: "HAT-0014", givenName: "Dean", familyName: "Orwin", ageToday: 41, agency: "POLICE", status: "enrolled",
    treatment: {
      enrolDay: 175, targetAmMg: 200, targetPmMg: 250, attendance: 0.95, shoplifting: "occasional",
      offencesYearBefore: 1, ceasedOffending: false,
      doseChanges: [{ afterDays: 180, factor: 0.9, reason: REDUCTION_REASON }],
    },
  },
  {
    reference: "HAT-0015", givenName: "Lisa", familyName: "Fenwick", ageToday: 37, agency: "DRUG_SERVICE", status: "enrolled",
    treatment: {
      enrolDay: 190, targetAmMg: 170, targetPmMg: 210, attendance: 0.98, shoplifting: "occasional",
      offencesYearBefore: 2, ceasedOffending: false,
      doseChanges: [
        { afterDays: 100, factor: 1.1, reason: INCREASE_REASON },
        { afterDays: 260, factor: 0.85, reason: REDUCTION_REASON },
      ],
    },
  },
  {
    reference: "HAT-0016", givenName: "Ryan", familyName: "Peverell", ageToday: 30, agency: "PRISON", status: "declined",
    referredDay: 300,
    declineReason: "Lives outside the commissioning area; referred to his local drug service.",
  },
  { reference: "HAT-0017", givenName: "Carl", familyName: "Wetherall", ageToday: 46, agency: "PROBATION", status: "waiting", referredDay: 480 },
  { reference: "HAT-0018", givenName: "Donna", familyName: "Skelton", ageToday: 35, agency: "GP", status: "waiting", referredDay: 510 },
];

const REFERRAL_REASONS: Record<ReferralAgency, string> = {
  PROBATION: "Persistent acquisitive offending linked to heroin use; on a community order.",
  POLICE: "Repeat shoplifting arrests; injecting heroin daily.",
  DRUG_SERVICE: "Still injecting street heroin despite optimised oral methadone.",
  PRISON: "Due for release; long history of relapse and reoffending after release.",
  GP: "Injecting-related abscesses; oral treatment has not stopped street use.",
  SELF: "Asked for injectable treatment after hearing about the clinic.",
  OTHER: "Referred by a housing support worker.",
};

const FAILED_TREATMENTS = [
  "Oral methadone, continued injecting on top",
  "Buprenorphine, stopped after relapse",
  "Inpatient detoxification, relapsed within a month",
  "Residential rehabilitation, left early",
  "Oral methadone, discharged after missed pick-ups",
];

// ─── Deterministic randomness ────────────────────────────────────────────────

const SEED = 20_260_401;

type Random = {
  next: () => number;
  int: (min: number, max: number) => number;
  chance: (probability: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
};

/** mulberry32, one stream per name, so one participant's rows never shift another's. */
function randomStream(name: string): Random {
  let state = (SEED ^ fnv1a(name)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[int(0, items.length - 1)]!,
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// ─── Dates ───────────────────────────────────────────────────────────────────

const MINUTE_MS = 60_000;

function plusMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

function ageOn(dateOfBirth: LocalDate, on: LocalDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** Financial years start in April: 2025 means 2025/26. */
function financialYearOf(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

/** A break covers startedOn up to (not including) endedOn, the day the participant returns. */
type BreakSpan = { startedOn: LocalDate; endsBefore: LocalDate | null };

function onBreak(date: LocalDate, breaks: BreakSpan[]): boolean {
  return breaks.some((b) => date >= b.startedOn && (b.endsBefore === null || date < b.endsBefore));
}

// ─── Prescriptions ───────────────────────────────────────────────────────────

type PlannedPrescription = {
  startsOn: LocalDate;
  amDoseMg: number;
  pmDoseMg: number;
  induction: boolean;
  /** The titration's target reached: the prescriber records the stable dose. */
  stableDose: boolean;
  transferToOral: boolean;
  reason: string;
};

// Swiss Diaphin label: first dose at most 15 mg, further doses on day one at most 30 mg.
const INDUCTION_AM_MG = 15;
const INDUCTION_PM_MG = 30;
// UK NPSA 2008: an increase may not exceed 50% of the previous dose.
const MAX_INCREASE_FACTOR = 1.5;
const ORAL_METHADONE_MG_PER_DAY = 60;

function roundToFiveMg(mg: number): number {
  return Math.max(5, Math.round(mg / 5) * 5);
}

function nextTitrationDose(previousMg: number, targetMg: number): number {
  return Math.min(targetMg, Math.floor((previousMg * MAX_INCREASE_FACTOR) / 5) * 5);
}

/** Steps every 2–4 days, each at most +50% per session, until both sessions reach the target. */
function titrate(
  random: Random,
  from: PlannedPrescription,
  targetAmMg: number,
  targetPmMg: number,
  duringInduction: boolean,
): PlannedPrescription[] {
  const steps: PlannedPrescription[] = [];
  let previous = from;
  while (previous.amDoseMg < targetAmMg || previous.pmDoseMg < targetPmMg) {
    const amDoseMg = nextTitrationDose(previous.amDoseMg, targetAmMg);
    const pmDoseMg = nextTitrationDose(previous.pmDoseMg, targetPmMg);
    const stable = amDoseMg === targetAmMg && pmDoseMg === targetPmMg;
    previous = {
      startsOn: addLocalDays(previous.startsOn, random.int(2, 4)),
      amDoseMg,
      pmDoseMg,
      induction: duringInduction && !stable,
      stableDose: stable,
      transferToOral: false,
      reason: stable ? "Stable dose" : "Titration",
    };
    steps.push(previous);
  }
  return steps;
}

function planPrescriptions(random: Random, plan: TreatmentPlan, enrolledOn: LocalDate, today: LocalDate): PlannedPrescription[] {
  const induction: PlannedPrescription = {
    startsOn: enrolledOn,
    amDoseMg: INDUCTION_AM_MG,
    pmDoseMg: INDUCTION_PM_MG,
    induction: true,
    stableDose: false,
    transferToOral: false,
    reason: "Induction",
  };
  const versions = [induction, ...titrate(random, induction, plan.targetAmMg, plan.targetPmMg, true)];
  const current = () => versions[versions.length - 1]!;

  for (const change of plan.doseChanges) {
    versions.push({
      startsOn: addLocalDays(enrolledOn, change.afterDays),
      amDoseMg: roundToFiveMg(current().amDoseMg * change.factor),
      pmDoseMg: roundToFiveMg(current().pmDoseMg * change.factor),
      induction: false,
      stableDose: false,
      transferToOral: false,
      reason: change.reason,
    });
  }

  if (plan.pastBreak) {
    // Tolerance falls within days without doses: restart at half and build back up.
    const before = current();
    const reduced: PlannedPrescription = {
      startsOn: addLocalDays(enrolledOn, plan.pastBreak.afterDays + plan.pastBreak.days),
      amDoseMg: roundToFiveMg(before.amDoseMg / 2),
      pmDoseMg: roundToFiveMg(before.pmDoseMg / 2),
      induction: false,
      stableDose: false,
      transferToOral: false,
      reason: "Reduced on return from hospital: loss of tolerance",
    };
    versions.push(reduced, ...titrate(random, reduced, before.amDoseMg, before.pmDoseMg, false));
  }

  if (plan.exit?.reason === "COMPLETED_TO_ORAL") {
    const exitOn = addLocalDays(enrolledOn, plan.exit.afterDays);
    const stable = current();
    for (const [daysBeforeExit, share] of [[28, 0.5], [14, 0.25], [0, 0]] as const) {
      versions.push({
        startsOn: addLocalDays(exitOn, -daysBeforeExit),
        amDoseMg: share === 0 ? 0 : roundToFiveMg(stable.amDoseMg * share),
        pmDoseMg: share === 0 ? 0 : roundToFiveMg(stable.pmDoseMg * share),
        induction: false,
        stableDose: false,
        transferToOral: true,
        reason: "Transfer to oral methadone: IV dose tapered",
      });
    }
  }

  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.startsOn <= versions[i - 1]!.startsOn) {
      throw new Error(`Demo prescription plan out of order on ${versions[i]!.startsOn}`);
    }
  }
  return withReviews(versions, plan.exit ? addLocalDays(enrolledOn, plan.exit.afterDays) : today);
}

/** Days between prescription reviews in the demo: the clinic's default (src/domain/prescription-review.ts). */
const REVIEW_DAYS = DEFAULT_PRESCRIPTION_REVIEW.reviewDays;

/**
 * A prescription is reviewed by its review-by date: where the plan leaves a longer gap, the
 * prescriber reviews on the day and re-writes the same doses, so no version lapses up to `end`.
 */
function withReviews(versions: PlannedPrescription[], end: LocalDate): PlannedPrescription[] {
  const reviewed: PlannedPrescription[] = [];
  versions.forEach((version, index) => {
    reviewed.push(version);
    const until = versions[index + 1]?.startsOn ?? end;
    for (let last = version; addLocalDays(last.startsOn, REVIEW_DAYS) < until; ) {
      last = { ...version, startsOn: addLocalDays(last.startsOn, REVIEW_DAYS), induction: false, stableDose: false, reason: "Reviewed: dose unchanged" };
      reviewed.push(last);
    }
  });
  return reviewed;
}

// ─── Dose sessions ───────────────────────────────────────────────────────────

const INJECTION_SITES = [
  "left forearm",
  "right forearm",
  "left antecubital fossa",
  "right antecubital fossa",
  "back of left hand",
  "back of right hand",
  "left groin",
  "right groin",
];
const WITHHOLD_REASON = "Intoxicated: breath alcohol above threshold";
const WITHHELD_SHARE = 0.01;
/**
 * Doses of which part was not injected (a blown vein, a spill): the rest was destroyed, in the
 * paper register of that time. Drawn from a stream of their own, so adding them moved no other
 * seeded value; none in the last two days, whose doses a new prescription is measured against.
 */
const PARTIAL_SHARE = 0.04;
const PART_REASONS = ["Vein collapsed part-way; the rest was not injected", "Part of the dose spilled while injecting"];
const OBSERVATION_MINUTES = 20;

type Staff = { nurseId: string; witnessId: string; prescriberId: string };

type SessionRows = { sessions: Prisma.DoseSessionCreateManyInput[]; events: Prisma.DoseSessionEventCreateManyInput[] };

function windowInstants(date: LocalDate, slot: SessionSlot): { opensAt: Date; closesAt: Date } {
  const window = DEFAULT_SESSION_WINDOWS[slot];
  return { opensAt: clinicInstant(date, window.opens), closesAt: clinicInstant(date, window.closes) };
}

function buildDoseSessions(
  member: CohortMember,
  plan: TreatmentPlan,
  ids: { siteId: string; participantId: string; episodeId: string },
  span: { from: LocalDate; to: LocalDate; breaks: BreakSpan[] },
  prescriptions: { id: string; planned: PlannedPrescription }[],
  staff: Staff,
): SessionRows {
  const random = randomStream(`${member.reference}:sessions`);
  const partials = randomStream(`${member.reference}:partials`);
  const noPartialsFrom = addLocalDays(span.to, -1);
  const rows: SessionRows = { sessions: [], events: [] };
  let current = 0;

  for (const { date, slot } of sessionsBetween(span.from, span.to)) {
    if (onBreak(date, span.breaks)) continue;
    while (current + 1 < prescriptions.length && prescriptions[current + 1]!.planned.startsOn <= date) current++;
    const prescription = prescriptions[current]!;
    const prescribedMg = slot === "AM" ? prescription.planned.amDoseMg : prescription.planned.pmDoseMg;

    const id = `ds_${member.reference}_${date}_${slot}`;
    const { opensAt, closesAt } = windowInstants(date, slot);
    const base = { siteId: ids.siteId, participantId: ids.participantId, episodeId: ids.episodeId, sessionDate: localDateToDb(date), slot };
    const event = (step: Prisma.DoseSessionEventCreateManyInput["step"], at: Date, data: Partial<Prisma.DoseSessionEventCreateManyInput> = {}) =>
      rows.events.push({ id: `${id}_${step}`, doseSessionId: id, step, at, byId: staff.nurseId, ...data });

    if (!random.chance(plan.attendance)) {
      rows.sessions.push({ id, ...base, stage: "CLOSED", outcome: "MISSED", givenMg: null, createdAt: closesAt, updatedAt: closesAt });
      event("MISS", closesAt);
      continue;
    }

    if (random.chance(WITHHELD_SHARE)) {
      const checkedInAt = plusMinutes(opensAt, random.int(10, 150));
      const withheldAt = plusMinutes(checkedInAt, 6);
      rows.sessions.push({ id, ...base, stage: "CLOSED", outcome: "WITHHELD", givenMg: 0, createdAt: checkedInAt, updatedAt: withheldAt });
      event("CHECK_IN", checkedInAt);
      event("ASSESSMENT", plusMinutes(checkedInAt, 3), {
        sedationScore: 1,
        breathAlcohol: (random.int(35, 80) / 100).toFixed(3),
        withdrawalScore: 0,
      });
      event("WITHHOLD", withheldAt, { reason: WITHHOLD_REASON });
      continue;
    }

    const administeredAt = plusMinutes(opensAt, random.int(15, 150));
    const checkedInAt = plusMinutes(administeredAt, -random.int(8, 14));
    const observationEndsAt = plusMinutes(administeredAt, OBSERVATION_MINUTES);
    const signedOffAt = plusMinutes(observationEndsAt, random.int(0, 5));
    const partial = partials.chance(PARTIAL_SHARE) && date < noPartialsFrom && prescribedMg >= 10;
    const givenMg = partial ? Math.max(5, Math.floor((prescribedMg * partials.int(40, 80)) / 100 / 5) * 5) : prescribedMg;
    const partReason = partial ? `Part of the drawn dose not given: ${partials.pick(PART_REASONS)}` : null;
    rows.sessions.push({
      id,
      ...base,
      stage: "SIGNED_OFF",
      outcome: partial ? "PARTIAL" : "DOSED",
      givenMg,
      drawnMg: partial ? prescribedMg : null,
      drawnAt: partial ? plusMinutes(administeredAt, -3) : null,
      administeredAt,
      observationEndsAt,
      createdAt: checkedInAt,
      updatedAt: signedOffAt,
    });
    event("CHECK_IN", checkedInAt);
    event("ASSESSMENT", plusMinutes(checkedInAt, 2), { sedationScore: 0, breathAlcohol: "0.000", withdrawalScore: random.int(0, 3) });
    event("DRAW", plusMinutes(administeredAt, -3), {
      witnessId: staff.witnessId,
      prescriptionId: prescription.id,
      prescribedMg,
      doseMg: prescribedMg,
    });
    event("ADMINISTER", administeredAt, { route: "IV", injectionSite: random.pick(INJECTION_SITES), doseMg: givenMg, reason: partReason });
    event("SIGN_OFF", signedOffAt);
  }
  return rows;
}

// ─── Urine screens ───────────────────────────────────────────────────────────

/** Habits that colour a participant's screens and TOP answers. */
type Habits = { usesCrack: boolean; usesCannabis: boolean; drinks: boolean; works: boolean; studies: boolean };

function habitsOf(member: CohortMember): Habits {
  const random = randomStream(`${member.reference}:habits`);
  return {
    usesCrack: random.chance(0.4),
    usesCannabis: random.chance(0.4),
    drinks: random.chance(0.3),
    works: random.chance(0.2),
    studies: random.chance(0.25),
  };
}

function screenResults(
  random: Random,
  habits: Habits,
  daysInTreatment: number,
  onOralMethadone: boolean,
): Record<Substance, boolean> {
  const early = daysInTreatment < 90;
  // Street heroin shows by its markers; acetylcodeine is the most sensitive of the three.
  const streetHeroin = daysInTreatment === 0 || random.chance(early ? 0.4 : 0.1);
  return {
    ACETYLCODEINE: streetHeroin,
    PAPAVERINE: streetHeroin && random.chance(0.7),
    NOSCAPINE: streetHeroin && random.chance(0.7),
    // Prescribed diamorphine is metabolised to 6-MAM and morphine.
    MORPHINE_6MAM: true,
    METHADONE: onOralMethadone,
    COCAINE: random.chance(habits.usesCrack ? (early ? 0.5 : 0.25) : 0.05),
    BENZODIAZEPINES: random.chance(0.06),
    AMPHETAMINES: random.chance(0.02),
    CANNABIS: habits.usesCannabis && random.chance(0.7),
    ALCOHOL_ETG: random.chance(habits.drinks ? 0.4 : 0.05),
    OTHER: random.chance(0.02),
  };
}

// ─── TOP ─────────────────────────────────────────────────────────────────────

const RATING_MAX = 20;

/** Shoplifting days in the past 28: at the start, then at every later assessment. */
const SHOPLIFTING_DAYS: Record<ShopliftingPattern, [start: [number, number], later: [number, number]]> = {
  dailyThenStopped: [[20, 28], [0, 0]],
  dailyThenReduced: [[20, 28], [2, 8]],
  occasional: [[0, 6], [0, 2]],
};

type TopAnswers = Omit<Prisma.TopAssessmentCreateManyInput, "id" | "participantId" | "assessedOn" | "stage" | "recordedById">;

function topAnswers(
  random: Random,
  habits: Habits,
  shoplifting: ShopliftingPattern,
  previous: TopAnswers | null,
): TopAnswers {
  const atStart = previous === null;
  const days = (start: [number, number], later: [number, number]) => random.int(...(atStart ? start : later));
  const alcoholDays = habits.drinks ? days([8, 20], [2, 12]) : days([0, 3], [0, 2]);
  const opiateDays = days([20, 28], [0, 6]);
  const improve = (rating: number | undefined, start: [number, number]) =>
    rating === undefined ? random.int(...start) : Math.min(RATING_MAX, rating + random.int(2, 5));
  return {
    alcoholDays,
    alcoholUnitsPerDay: alcoholDays === 0 ? 0 : days([6, 15], [3, 10]),
    opiateDays,
    crackDays: habits.usesCrack ? days([8, 20], [0, 6]) : days([0, 2], [0, 0]),
    cocaineDays: days([0, 4], [0, 2]),
    amphetamineDays: days([0, 2], [0, 0]),
    cannabisDays: habits.usesCannabis ? days([10, 28], [8, 28]) : 0,
    otherDrugDays: days([0, 6], [0, 3]),
    // Days injecting outside the clinic: supervised doses are not counted.
    injectedDays: atStart ? Math.max(opiateDays, random.int(24, 28)) : opiateDays,
    sharedNeedles: random.chance(atStart ? 0.25 : 0.02),
    sharedOtherEquipment: random.chance(atStart ? 0.45 : 0.08),
    shopliftingDays: days(...SHOPLIFTING_DAYS[shoplifting]),
    sellingDrugsDays: days([0, 8], [0, 2]),
    theftBurglaryDays: days([0, 6], [0, 1]),
    assaultDays: atStart ? random.int(0, 2) : Number(random.chance(0.1)),
    psychologicalHealth: improve(previous?.psychologicalHealth, [4, 9]),
    physicalHealth: improve(previous?.physicalHealth, [5, 10]),
    qualityOfLife: improve(previous?.qualityOfLife, [3, 8]),
    paidWorkDays: !atStart && habits.works ? random.int(4, 12) : 0,
    educationDays: !atStart && habits.studies ? random.int(1, 4) : 0,
    acuteHousingProblem: random.chance(atStart ? 0.45 : 0.1),
    riskOfEviction: random.chance(atStart ? 0.3 : 0.08),
  };
}

const TOP_REVIEW_DAYS = 182;

// ─── Offences ────────────────────────────────────────────────────────────────

type OffenceKind = { type: string; weightBefore: number; weightDuring: number; severity: [number, number] };

/** Severity: Cambridge Crime Harm Index days, rough starting points per offence type. */
const OFFENCE_KINDS: OffenceKind[] = [
  { type: "Shoplifting", weightBefore: 25, weightDuring: 45, severity: [2, 10] },
  { type: "Theft from person", weightBefore: 15, weightDuring: 10, severity: [15, 40] },
  { type: "Burglary (dwelling)", weightBefore: 15, weightDuring: 5, severity: [60, 120] },
  { type: "Possession with intent to supply", weightBefore: 5, weightDuring: 0, severity: [300, 400] },
  { type: "Common assault", weightBefore: 30, weightDuring: 25, severity: [20, 40] },
  { type: "Criminal damage", weightBefore: 10, weightDuring: 15, severity: [3, 15] },
];

function pickOffenceKind(random: Random, period: "before" | "during"): OffenceKind {
  const weight = (kind: OffenceKind) => (period === "before" ? kind.weightBefore : kind.weightDuring);
  let roll = random.next() * OFFENCE_KINDS.reduce((sum, kind) => sum + weight(kind), 0);
  for (const kind of OFFENCE_KINDS) {
    roll -= weight(kind);
    if (roll < 0) return kind;
  }
  return OFFENCE_KINDS[0]!;
}

function buildOffences(
  member: CohortMember,
  plan: TreatmentPlan,
  participantId: string,
  treatment: { from: LocalDate; to: LocalDate },
  importedAt: Date,
): Prisma.OffenceCreateManyInput[] {
  const random = randomStream(`${member.reference}:offences`);
  const offences: Prisma.OffenceCreateManyInput[] = [];
  const seen = new Set<string>();
  const add = (period: "before" | "during", from: LocalDate, to: LocalDate) => {
    // Redraw rather than write a second row with the same police key.
    for (;;) {
      const kind = pickOffenceKind(random, period);
      const offenceDate = addLocalDays(from, random.int(0, localDaysBetween(from, to)));
      const severityScore = random.int(...kind.severity);
      const key = `${offenceDate}|${kind.type}|${severityScore}`;
      if (seen.has(key)) continue;
      seen.add(key);
      offences.push({
        id: `off_${member.reference}_${offences.length + 1}`,
        participantId,
        offenceDate: localDateToDb(offenceDate),
        offenceType: kind.type,
        severityScore,
        source: "IMPORT",
        createdAt: importedAt,
      });
      return;
    }
  };

  for (let i = 0; i < plan.offencesYearBefore; i++) add("before", addLocalDays(treatment.from, -365), addLocalDays(treatment.from, -1));
  if (!plan.ceasedOffending) {
    const years = localDaysBetween(treatment.from, treatment.to) / 365;
    const perYear = 1 + random.next() * 1.4;
    const during = Math.round(years * perYear);
    for (let i = 0; i < during; i++) add("during", treatment.from, treatment.to);
  }
  return offences;
}

// ─── Funding and stock ───────────────────────────────────────────────────────

const FUNDING_YEAR_ONE = [
  { kind: "FUNDING", source: "Office of the Police and Crime Commissioner", amountPence: 13_128_700 },
  { kind: "FUNDING", source: "Community Rehabilitation Company", amountPence: 4_500_000 },
  { kind: "FUNDING", source: "HM Prison and Probation Service (prisons)", amountPence: 1_000_000 },
  { kind: "IN_KIND", source: "Staff and premises (in kind)", amountPence: 22_522_500 },
] as const;

const FUNDING_YEAR_TWO = [
  { kind: "FUNDING", source: "Proceeds of Crime Act fund", amountPence: 23_812_300 },
  { kind: "FUNDING", source: "Community Rehabilitation Company", amountPence: 5_000_000 },
  { kind: "IN_KIND", source: "Staff and premises (in kind)", amountPence: 10_456_300 },
] as const;

const OPENING_STOCK = [
  { strengthMg: 100, batch: "DM100-2611", ampoules: 600 },
  { strengthMg: 500, batch: "DM500-2611", ampoules: 120 },
];

const DIAMORPHINE_PRODUCTS = [100, 500].map((strengthMg) => ({
  name: "Diamorphine hydrochloride",
  strengthMg,
  form: "ampoule (powder for reconstitution)",
}));

// ─── Writing ─────────────────────────────────────────────────────────────────

// Stays well under PostgreSQL's 65,535 bind parameters for the widest row.
const INSERT_CHUNK = 2_000;

async function insertInChunks<Row>(rows: Row[], createMany: (chunk: Row[]) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await createMany(rows.slice(i, i + INSERT_CHUNK));
  return rows.length;
}

type CohortRows = {
  participants: Prisma.ParticipantCreateManyInput[];
  identities: Prisma.ParticipantIdentityCreateManyInput[];
  referrals: Prisma.ReferralCreateManyInput[];
  assessments: Prisma.AssessmentCreateManyInput[];
  episodes: Prisma.EpisodeCreateManyInput[];
  breaks: Prisma.BreakCreateManyInput[];
  exits: Prisma.ExitCreateManyInput[];
  prescriptions: Prisma.PrescriptionCreateManyInput[];
  doseSessions: Prisma.DoseSessionCreateManyInput[];
  doseSessionEvents: Prisma.DoseSessionEventCreateManyInput[];
  urineScreens: Prisma.UrineScreenCreateManyInput[];
  urineResults: Prisma.UrineResultCreateManyInput[];
  topAssessments: Prisma.TopAssessmentCreateManyInput[];
  offences: Prisma.OffenceCreateManyInput[];
};

function buildCohort(today: LocalDate, siteId: string, staff: Staff): CohortRows {
  const rows: CohortRows = {
    participants: [],
    identities: [],
    referrals: [],
    assessments: [],
    episodes: [],
    breaks: [],
    exits: [],
    prescriptions: [],
    doseSessions: [],
    doseSessionEvents: [],
    urineScreens: [],
    urineResults: [],
    topAssessments: [],
    offences: [],
  };
  const cohortStart = addLocalDays(today, -COHORT_DAYS);
  const yesterday = addLocalDays(today, -1);

  for (const member of COHORT) {
    const random = randomStream(`${member.reference}:intake`);
    const participantId = `pt_${member.reference}`;
    const referredOn =
      member.status === "enrolled"
        ? addLocalDays(cohortStart, member.treatment.enrolDay - random.int(18, 30))
        : addLocalDays(cohortStart, member.referredDay);
    const assessedOn = addLocalDays(referredOn, random.int(4, 10));
    const dateOfBirth = addLocalDays(today, -Math.round(member.ageToday * 365.25) - random.int(1, 330));

    rows.participants.push({ id: participantId, siteId, reference: member.reference, createdAt: clinicInstant(referredOn, "10:00") });
    rows.identities.push({
      participantId,
      givenName: member.givenName,
      familyName: member.familyName,
      dateOfBirth: localDateToDb(dateOfBirth),
      nhsNumber: null,
    });
    rows.referrals.push({
      id: `ref_${member.reference}`,
      siteId,
      participantId,
      referredOn: localDateToDb(referredOn),
      agency: member.agency,
      reason: REFERRAL_REASONS[member.agency],
      recordedById: staff.nurseId,
      createdAt: clinicInstant(referredOn, "10:00"),
    });
    const failedTreatments = random.int(2, 5);
    const age = ageOn(dateOfBirth, assessedOn);
    rows.assessments.push({
      id: `asm_${member.reference}`,
      referralId: `ref_${member.reference}`,
      participantId,
      assessedOn: localDateToDb(assessedOn),
      ageYears: age,
      yearsDependent: random.int(8, Math.min(25, age - 16)),
      failedTreatments,
      failedTreatmentNotes: FAILED_TREATMENTS.slice(0, failedTreatments).join("; "),
      injectingDaysLast90: random.int(50, 90),
      monthsInOralTreatment: random.int(12, 120),
      outcome: member.status === "declined" ? "DECLINED" : "ACCEPTED",
      declineReason: member.status === "declined" ? member.declineReason : null,
      assessedById: staff.prescriberId,
      createdAt: clinicInstant(assessedOn, "14:00"),
    });

    if (member.status === "enrolled") {
      const enrolledOn = addLocalDays(cohortStart, member.treatment.enrolDay);
      addTreatment(rows, member, member.treatment, { siteId, participantId, enrolledOn, today, yesterday }, staff);
    }
  }
  return rows;
}

function addTreatment(
  rows: CohortRows,
  member: CohortMember,
  plan: TreatmentPlan,
  context: { siteId: string; participantId: string; enrolledOn: LocalDate; today: LocalDate; yesterday: LocalDate },
  staff: Staff,
): void {
  const { siteId, participantId, enrolledOn, today, yesterday } = context;
  const episodeId = `ep_${member.reference}`;
  const exitedOn = plan.exit ? addLocalDays(enrolledOn, plan.exit.afterDays) : null;
  const lastDay = exitedOn ? addLocalDays(exitedOn, -1) : yesterday;
  const random = randomStream(`${member.reference}:treatment`);
  const prescriptions = planPrescriptions(random, plan, enrolledOn, today).map((planned, index) => ({
    id: `rx_${member.reference}_v${index + 1}`,
    planned,
  }));
  // The titration began with the first prescription and ended at the stable dose.
  const stableOn = prescriptions.find((p) => p.planned.stableDose)?.planned.startsOn ?? null;

  rows.episodes.push({
    id: episodeId,
    siteId,
    participantId,
    enrolledOn: localDateToDb(enrolledOn),
    titrationFrom: clinicInstant(enrolledOn, "07:00"),
    stableFrom: stableOn ? clinicInstant(stableOn, "07:00") : null,
    closedOn: exitedOn ? localDateToDb(exitedOn) : null,
    enrolledById: staff.prescriberId,
    createdAt: clinicInstant(enrolledOn, "07:00"),
  });

  const breaks: BreakSpan[] = [];
  if (plan.pastBreak) {
    const startedOn = addLocalDays(enrolledOn, plan.pastBreak.afterDays);
    const endedOn = addLocalDays(startedOn, plan.pastBreak.days);
    breaks.push({ startedOn, endsBefore: endedOn });
    rows.breaks.push({
      id: `brk_${member.reference}_${startedOn}`,
      episodeId,
      participantId,
      reason: plan.pastBreak.reason,
      notes: plan.pastBreak.notes,
      startedOn: localDateToDb(startedOn),
      expectedReturnOn: localDateToDb(endedOn),
      endedOn: localDateToDb(endedOn),
      startedById: staff.prescriberId,
      endedById: staff.prescriberId,
      createdAt: clinicInstant(startedOn, "12:00"),
    });
  }
  if (plan.currentBreak) {
    const startedOn = addLocalDays(today, -plan.currentBreak.startedDaysAgo);
    breaks.push({ startedOn, endsBefore: null });
    rows.breaks.push({
      id: `brk_${member.reference}_${startedOn}`,
      episodeId,
      participantId,
      reason: plan.currentBreak.reason,
      notes: plan.currentBreak.notes,
      startedOn: localDateToDb(startedOn),
      expectedReturnOn: localDateToDb(addLocalDays(today, plan.currentBreak.expectedBackInDays)),
      endedOn: null,
      startedById: staff.prescriberId,
      createdAt: clinicInstant(startedOn, "12:00"),
    });
  }
  if (plan.exit && exitedOn) {
    rows.exits.push({
      id: `exit_${member.reference}`,
      episodeId,
      participantId,
      exitedOn: localDateToDb(exitedOn),
      reason: plan.exit.reason,
      planned: plan.exit.planned,
      destination: plan.exit.destination ?? null,
      notes: plan.exit.notes,
      recordedById: staff.prescriberId,
      createdAt: clinicInstant(exitedOn, "12:00"),
    });
  }

  prescriptions.forEach(({ id, planned }, index) => {
    const startsAt = clinicInstant(planned.startsOn, "07:00");
    rows.prescriptions.push({
      id,
      participantId,
      episodeId,
      version: index + 1,
      supersedesId: index === 0 ? null : prescriptions[index - 1]!.id,
      amDoseMg: planned.amDoseMg,
      pmDoseMg: planned.pmDoseMg,
      oralDrug: planned.transferToOral ? "METHADONE" : null,
      oralDoseMgPerDay: planned.transferToOral ? ORAL_METHADONE_MG_PER_DAY : null,
      induction: planned.induction,
      stableDose: planned.stableDose,
      transferToOral: planned.transferToOral,
      startsAt,
      reviewBy: localDateToDb(addLocalDays(planned.startsOn, REVIEW_DAYS)),
      reason: planned.reason,
      prescriberId: staff.prescriberId,
      createdAt: startsAt,
    });
  });

  const sessionRows = buildDoseSessions(
    member,
    plan,
    { siteId, participantId, episodeId },
    { from: enrolledOn, to: lastDay, breaks },
    prescriptions,
    staff,
  );
  rows.doseSessions.push(...sessionRows.sessions);
  rows.doseSessionEvents.push(...sessionRows.events);

  const habits = habitsOf(member);
  const oralTransferFrom = prescriptions.find((p) => p.planned.transferToOral)?.planned.startsOn ?? null;
  const screening = randomStream(`${member.reference}:screens`);
  for (let date = enrolledOn; date <= lastDay; date = addLocalDays(date, screening.int(25, 31))) {
    if (onBreak(date, breaks)) continue;
    const screenId = `us_${member.reference}_${date}`;
    rows.urineScreens.push({
      id: screenId,
      siteId,
      participantId,
      collectedOn: localDateToDb(date),
      supervised: screening.chance(0.9),
      recordedById: staff.nurseId,
      createdAt: clinicInstant(date, "09:30"),
    });
    const results = screenResults(
      screening,
      habits,
      localDaysBetween(enrolledOn, date),
      oralTransferFrom !== null && date >= oralTransferFrom,
    );
    for (const substance of Object.values(Substance)) {
      rows.urineResults.push({
        id: `${screenId}_${substance}`,
        screenId,
        substance,
        result: results[substance] ? "POSITIVE" : "NEGATIVE",
      });
    }
  }

  const topDates: { stage: TopStage; date: LocalDate }[] = [{ stage: "START", date: enrolledOn }];
  const topRandom = randomStream(`${member.reference}:top`);
  for (let due = addLocalDays(enrolledOn, TOP_REVIEW_DAYS); due <= lastDay; due = addLocalDays(due, TOP_REVIEW_DAYS)) {
    const date = addLocalDays(due, topRandom.int(-5, 5));
    if (date <= lastDay && !onBreak(date, breaks)) topDates.push({ stage: "REVIEW", date });
  }
  if (exitedOn) topDates.push({ stage: "EXIT", date: exitedOn });
  let previous: TopAnswers | null = null;
  for (const { stage, date } of topDates) {
    const answers = topAnswers(topRandom, habits, plan.shoplifting, previous);
    rows.topAssessments.push({
      id: `top_${member.reference}_${date}`,
      participantId,
      assessedOn: localDateToDb(date),
      stage,
      ...answers,
      recordedById: staff.nurseId,
      createdAt: clinicInstant(date, "11:30"),
    });
    previous = answers;
  }

  const importedAt = clinicInstant(yesterday, "09:00");
  rows.offences.push(...buildOffences(member, plan, participantId, { from: enrolledOn, to: exitedOn ?? yesterday }, importedAt));
}

/** What the database holds that decides whether the demo may be seeded into it (`demoSeedPlan`). */
export async function demoSeedState(prisma: PrismaClient): Promise<DemoSeedState> {
  const [accountsNotDemo, sitesNotDemo, demoSite] = await Promise.all([
    prisma.user.count({ where: { demo: false } }),
    prisma.site.count({ where: { id: { not: DEMO_SITE_ID } } }),
    prisma.site.findUnique({ where: { id: DEMO_SITE_ID }, select: { id: true } }),
  ]);
  return { accountsNotDemo, sitesNotDemo, demoSitePresent: demoSite !== null };
}

/**
 * Writes the demo site, staff and cohort in one transaction, so a failure leaves nothing
 * half-seeded. The caller checks first with `demoSeedPlan` that it may.
 */
/**
 * The downtime demo (`npm run db:seed -- --demo --outage`; the end-to-end run seeds it): the
 * system was down for yesterday's two sessions, which ran on the paper sheet, so they have no
 * record and nobody closed them, and the register's opening balance was carried forward
 * before them. Anthony Lazenby had missed the two days before: marking the outage missed would
 * have put him on a hard hold (three days without a dose).
 */
export const OUTAGE_DEMO = { absentBefore: "HAT-0013" } as const;

/** Yesterday's sessions removed; the participant named by OUTAGE_DEMO missed the two days before. */
function withOutage(cohort: CohortRows, yesterday: LocalDate, staffNurseId: string): void {
  const missedDays = [addLocalDays(yesterday, -2), addLocalDays(yesterday, -1)];
  const absent = `pt_${OUTAGE_DEMO.absentBefore}`;
  const dropped = new Set(
    cohort.doseSessions
      .filter((s) => {
        const date = dbDateToLocal(s.sessionDate as Date);
        return date === yesterday || (s.participantId === absent && missedDays.includes(date));
      })
      .map((s) => s.id!),
  );
  cohort.doseSessionEvents = cohort.doseSessionEvents.filter((e) => !dropped.has(e.doseSessionId));
  const absentSessions = cohort.doseSessions.filter((s) => s.participantId === absent && dropped.has(s.id!) && dbDateToLocal(s.sessionDate as Date) !== yesterday);
  cohort.doseSessions = cohort.doseSessions.filter((s) => !dropped.has(s.id!));
  for (const s of absentSessions) {
    const closesAt = windowInstants(dbDateToLocal(s.sessionDate as Date), s.slot).closesAt;
    cohort.doseSessions.push({ id: s.id, siteId: s.siteId, participantId: s.participantId, episodeId: s.episodeId, sessionDate: s.sessionDate, slot: s.slot, stage: "CLOSED", outcome: "MISSED", givenMg: null, createdAt: closesAt, updatedAt: closesAt });
    cohort.doseSessionEvents.push({ id: `${s.id}_MISS`, doseSessionId: s.id!, step: "MISS", at: closesAt, byId: staffNurseId });
  }
}

export async function seedDemo(prisma: PrismaClient, options: { today?: LocalDate; outage?: boolean } = {}): Promise<SeedSummary> {
  const today = options.today ?? clinicDate(new Date());
  if (!isLocalDate(today)) throw new RangeError(`today must be a date "yyyy-MM-dd" (got "${today}")`);
  const cohortStart = addLocalDays(today, -COHORT_DAYS);
  const yesterday = addLocalDays(today, -1);
  const openedAt = clinicInstant(cohortStart, "09:00");

  const siteId = DEMO_SITE_ID;
  const userId = (email: string) => `user_${email.split("@")[0]}`;
  const staff: Staff = {
    nurseId: userId("nurse@hat.example"),
    witnessId: userId("nurse2@hat.example"),
    prescriberId: userId("prescriber@hat.example"),
  };

  // bcrypt is slow on purpose: hash before the transaction opens.
  const users: Prisma.UserCreateManyInput[] = [];
  for (const user of DEMO_USERS) {
    users.push({
      id: userId(user.email),
      email: user.email,
      name: user.name,
      role: user.role,
      siteId,
      passwordHash: await hashPassword(user.password),
      witnessPinHash: user.witnessPin ? await hashWitnessPin(user.witnessPin) : null,
      clinicalLead: "clinicalLead" in user ? user.clinicalLead : false,
      // Marked, so that they sign in only in demo mode (HAT_DEMO=1).
      demo: true,
      createdAt: openedAt,
    });
  }

  const cohort = buildCohort(today, siteId, staff);
  if (options.outage) withOutage(cohort, yesterday, staff.nurseId);
  const lastClosed = options.outage ? addLocalDays(yesterday, -1) : yesterday;
  const firstEnrolDay = Math.min(...COHORT.flatMap((member) => (member.status === "enrolled" ? [member.treatment.enrolDay] : [])));
  const closures: Prisma.SessionClosureCreateManyInput[] = sessionsBetween(addLocalDays(cohortStart, firstEnrolDay), lastClosed).map(({ date, slot }) => ({
    id: `sc_${date}_${slot}`,
    siteId,
    sessionDate: localDateToDb(date),
    slot,
    closedAt: plusMinutes(windowInstants(date, slot).closesAt, 5),
    closedById: staff.nurseId,
  }));

  const yearTwo = financialYearOf(today);
  const fundingLines: Prisma.FundingLineCreateManyInput[] = [
    ...FUNDING_YEAR_ONE.map((line) => ({ ...line, financialYear: yearTwo - 1 })),
    ...FUNDING_YEAR_TWO.map((line) => ({ ...line, financialYear: yearTwo })),
  ].map((line, index) => ({ id: `fund_${line.financialYear}_${index + 1}`, siteId, ...line, createdAt: openedAt }));

  return prisma.$transaction(
    async (tx) => {
      await tx.site.create({ data: { id: siteId, code: DEMO_SITE_CODE, name: DEMO_SITE_NAME, createdAt: openedAt } });
      await tx.user.createMany({ data: users });
      await tx.drugProduct.createMany({
        data: DIAMORPHINE_PRODUCTS.map((product) => ({ id: `drug_diamorphine_${product.strengthMg}`, siteId, ...product })),
      });
      await tx.fundingLine.createMany({ data: fundingLines });
      // The demo prescriber's Home Office licence for these premises, in force since before
      // the first referral and for two years more: every prescribing act needs one.
      await tx.prescriberLicence.create({
        data: {
          id: "licence_prescriber",
          prescriberId: staff.prescriberId,
          siteId,
          number: "HO-DIA-2024-0117",
          validFrom: localDateToDb(addLocalDays(cohortStart, -30)),
          expiresOn: localDateToDb(addLocalDays(today, 730)),
          recordedById: userId("admin@hat.example"),
          confirmedById: userId("admin2@hat.example"),
          createdAt: openedAt,
        },
      });
      // The register starts from the balance carried forward from the paper register the day
      // before the demo's today; earlier doses live in the paper book, not here.
      await tx.controlledDrugEntry.createMany({
        data: OPENING_STOCK.map((stock) => ({
          id: `cd_opening_${stock.strengthMg}`,
          siteId,
          productId: `drug_diamorphine_${stock.strengthMg}`,
          kind: "RECEIPT" as const,
          occurredAt: clinicInstant(lastClosed, "18:30"),
          batch: stock.batch,
          expiresOn: localDateToDb(addLocalDays(today, 400)),
          quantity: stock.ampoules,
          supplier: "Balance carried forward from the paper register",
          madeById: userId("pharmacist@hat.example"),
          witnessId: staff.prescriberId,
        })),
      });

      await insertInChunks(cohort.participants, (data) => tx.participant.createMany({ data }));
      await insertInChunks(cohort.identities, (data) => tx.participantIdentity.createMany({ data }));
      await insertInChunks(cohort.referrals, (data) => tx.referral.createMany({ data }));
      await insertInChunks(cohort.assessments, (data) => tx.assessment.createMany({ data }));
      await insertInChunks(cohort.episodes, (data) => tx.episode.createMany({ data }));
      await insertInChunks(cohort.breaks, (data) => tx.break.createMany({ data }));
      await insertInChunks(cohort.exits, (data) => tx.exit.createMany({ data }));
      await insertInChunks(cohort.prescriptions, (data) => tx.prescription.createMany({ data }));
      const doseSessions = await insertInChunks(cohort.doseSessions, (data) => tx.doseSession.createMany({ data }));
      const doseSessionEvents = await insertInChunks(cohort.doseSessionEvents, (data) => tx.doseSessionEvent.createMany({ data }));
      await insertInChunks(closures, (data) => tx.sessionClosure.createMany({ data }));
      const urineScreens = await insertInChunks(cohort.urineScreens, (data) => tx.urineScreen.createMany({ data }));
      await insertInChunks(cohort.urineResults, (data) => tx.urineResult.createMany({ data }));
      const topAssessments = await insertInChunks(cohort.topAssessments, (data) => tx.topAssessment.createMany({ data }));
      const offences = await insertInChunks(cohort.offences, (data) => tx.offence.createMany({ data }));

      const summary: SeedSummary = {
        participants: cohort.participants.length,
        enrolled: cohort.episodes.length,
        doseSessions,
        doseSessionEvents,
        urineScreens,
        topAssessments,
        offences,
      };
      await tx.auditEvent.create({
        data: {
          siteId,
          action: "seed.demo",
          entity: "Site",
          entityId: siteId,
          summary: { participants: summary.participants, doseSessions: summary.doseSessions },
        },
      });
      return summary;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
