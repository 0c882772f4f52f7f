import { z } from "zod";
import { CreateUserInput } from "./users.input";
import { withoutNul } from "./input-fields";

/** `npm run bootstrap`: the first site and its administrator. */
export const BootstrapInput = z.object({
  email: CreateUserInput.shape.email,
  name: CreateUserInput.shape.name,
  siteName: z.string({ error: "Enter the site's name (--site)." }).trim().min(2, "Enter the site's name (--site).").max(120).refine(withoutNul, "Remove the control character from the site's name."),
  siteCode: z
    .string({ error: "Enter a short site code (--site-code), such as MBR." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,10}$/, "A site code is 2 to 10 letters or digits, such as MBR."),
});
export type BootstrapInput = z.output<typeof BootstrapInput>;
