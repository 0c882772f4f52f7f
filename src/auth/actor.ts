import type { Role } from "@/generated/prisma/enums";

/** The signed-in member of staff on whose behalf a page, action or service runs. */
export type Actor = { userId: string; name: string; role: Role; siteId: string };
