import { requirePermission } from "@/auth/session";

export const metadata = { title: "Prescribing" };

export default async function Page() {
  await requirePermission("prescription.write");
  return <h1 className="text-2xl font-semibold">Prescribing</h1>;
}
