import { forbidden } from "next/navigation";

// The proxy rewrites a wrong role's request here; forbidden() renders app/forbidden.tsx with status 403.
export default function ForbiddenPage() {
  forbidden();
}
