import { ForbiddenNotice } from "@/ui/forbidden-notice";

export default function Forbidden() {
  return <ForbiddenNotice />;
}
