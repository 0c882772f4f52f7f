import { requirePermission } from "@/auth/session";
import { workingSession } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";

export const metadata = { title: "Today" };

export default async function TodayPage() {
  await requirePermission("dose.record");
  const session = workingSession(new Date());
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        {session.slot} session · {formatLocalDate(session.date)}
      </h1>
    </div>
  );
}
