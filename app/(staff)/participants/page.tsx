import { requirePermission } from "@/auth/session";

export const metadata = { title: "Participants" };

export default async function Page() {
  await requirePermission("participant.read");
  return <h1 className="text-2xl font-semibold">Participants</h1>;
}
