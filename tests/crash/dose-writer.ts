// The child process of tests/crash/crash.test.ts. It opens the database exactly as the app
// does (openDatabase() from src/db/client.ts, chosen by DATABASE_URL) and records doses through the
// same services the server actions call, one transaction per step as an action runs it,
// plus witnessed register receipts and destructions. After each transaction commits it
// prints one acknowledgement line; the test kills it with SIGKILL somewhere in the burst.
// A participant whose session is part-way through carries on from the next step, as a
// nurse would after the app came back, so a second run finishes what the first began.
//   DATABASE_URL=… node --conditions=react-server --import tsx tests/crash/dose-writer.ts '<plan json>'
// (tsx as a loader, not its CLI, which runs the script in a second process that a SIGKILL
// of the first would leave running).
import type { Actor } from "@/auth/actor";
import { closeDatabase, openDatabase, type Tx } from "@/db/client";
import { clinicInstant, localDateToDb } from "@/domain/clinic-time";
import { administerDose, checkDrawWitness, checkIn, drawDose, recordPreDoseAssessment } from "@/server/dose-sessions";
import { checkReceiptWitness, checkRemovalWitness, receiveStock, removeStock } from "@/server/register";

export type WriterPlan = {
  siteId: string;
  sessionDate: string;
  nurse: Actor;
  pharmacist: Actor;
  /** Witness for draws and receipts (a nurse), and an authorised one for destruction (a prescriber). */
  witnessEmail: string;
  authorisedWitnessEmail: string;
  pin: string;
  productId: string;
  participantIds: string[];
  /** Wall-clock ms at which the clinic's clock read 08:30 on sessionDate. */
  clockStartedAt: number;
  /** Transactions in flight at once. */
  workers: number;
};

const plan = JSON.parse(process.argv[2] ?? "{}") as WriterPlan;
// openDatabase() with no argument is what db() calls: the config comes from DATABASE_URL.
const database = openDatabase();
const prisma = database.prisma;
// The clinic's clock: the plan's day at 08:30 when the test began, running on in real time
// (the same clock in a restarted process, so steps stay in order across the crash).
const opened = clinicInstant(plan.sessionDate, "08:30").getTime();
const now = () => new Date(opened + (Date.now() - plan.clockStartedAt));

/** One transaction, as defineAction runs it (a witness's PIN checked before it); the acknowledgement is printed only after the commit. */
async function committed<T>(work: (tx: Tx) => Promise<T>, label: (result: T) => string): Promise<T> {
  const result = await prisma.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
  process.stdout.write(`ack ${label(result)}\n`);
  return result;
}

async function dose(participantId: string, index: number) {
  const key = { participantId_sessionDate_slot: { participantId, sessionDate: localDateToDb(plan.sessionDate), slot: "AM" as const } };
  let session = await prisma.doseSession.findUnique({ where: key, select: { id: true, stage: true } });
  if (!session) {
    const { id } = await committed(
      (tx) => checkIn(tx, plan.nurse, { participantId, sessionDate: plan.sessionDate, slot: "AM" }, now()),
      (r) => `CHECK_IN ${r.id}`,
    );
    session = { id, stage: "CHECKED_IN" };
  }
  const id = session.id;
  if (session.stage === "CHECKED_IN") {
    await committed(
      (tx) => recordPreDoseAssessment(tx, plan.nurse, { doseSessionId: id, sedationScore: 0, breathAlcohol: 0, withdrawalScore: 2, spo2: 97 }, now()),
      () => `ASSESSMENT ${id}`,
    );
    session.stage = "ASSESSED";
  }
  if (session.stage === "ASSESSED") {
    const input = { doseSessionId: id, doseMg: 100, batch: { productId: plan.productId, batch: "C1" }, witnessEmail: plan.witnessEmail, witnessPin: plan.pin };
    const witness = await checkDrawWitness(prisma, plan.nurse, input, now());
    await committed((tx) => drawDose(tx, plan.nurse, input, witness, now()), () => `DRAW ${id}`);
    session.stage = "DRAWN";
  }
  if (session.stage === "DRAWN") {
    await committed(
      (tx) => administerDose(tx, plan.nurse, { doseSessionId: id, injectionSite: "left forearm" }, now()),
      () => `ADMINISTER ${id}`,
    );
  }
  // Now and then the CD lead works the register between doses.
  if (index % 6 === 5) {
    const input = { productId: plan.productId, batch: "C1", quantity: 1, kind: "DESTRUCTION" as const, note: "Ampoule dropped", witnessEmail: plan.authorisedWitnessEmail, witnessPin: plan.pin };
    const witness = await checkRemovalWitness(prisma, plan.pharmacist, input, now());
    await committed((tx) => removeStock(tx, plan.pharmacist, input, witness, now()), (r) => `DESTRUCTION ${r.id}`);
  }
  if (index % 8 === 7) {
    const input = { productId: plan.productId, batch: `C${index}`, expiresOn: "2027-06-30", quantity: 10, supplier: "Wholesaler", witnessEmail: plan.witnessEmail, witnessPin: plan.pin };
    const witness = await checkReceiptWitness(prisma, plan.pharmacist, input, now());
    await committed((tx) => receiveStock(tx, plan.pharmacist, input, witness, now()), (r) => `RECEIPT ${r.id}`);
  }
}

const queue = plan.participantIds.map((participantId, index) => ({ participantId, index }));
await Promise.all(
  Array.from({ length: plan.workers }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await dose(next.participantId, next.index);
  }),
);
process.stdout.write("done\n");
await closeDatabase(database);
