import { requirePermission } from "@/auth/session";

export const metadata = { title: "Outcomes" };

export default async function Page() {
  await requirePermission("board.view");
  return <h1 className="text-2xl font-semibold">Outcomes</h1>;
}
