import { requirePermission } from "@/auth/session";

export const metadata = { title: "Controlled-drug register" };

export default async function Page() {
  await requirePermission("register.read");
  return <h1 className="text-2xl font-semibold">Controlled-drug register</h1>;
}
