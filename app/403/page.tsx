import { ForbiddenNotice } from "@/ui/forbidden-notice";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return <ForbiddenNotice />;
}
