import { describe, expect, it } from "vitest";
import { hashWitnessPin, verifyPassword, verifySignInPassword, verifyWitnessPin } from "@/auth/passwords";

describe("password and PIN hashing", () => {
  it("still accepts a password hashed by bcryptjs before the move to native bcrypt", async () => {
    // bcryptjs 3.0.3, bcrypt.hash("nurse-demo-2026", 10).
    const written = "$2b$10$OgVCil/pIglK0lAehTOfOuXfygPongbcKcBzsdDUzL2qLVUvlnZbi";
    expect(await verifySignInPassword("nurse-demo-2026", written)).toBe(true);
    expect(await verifyPassword("nurse-demo-2026", written)).toBe(true);
    expect(await verifyPassword("nurse-demo-2025", written)).toBe(false);
  });

  it("checks a witness PIN against its hash, and refuses any PIN when there is no hash", async () => {
    const stored = await hashWitnessPin("482913");
    expect(stored).toMatch(/^\$2b\$08\$/);
    expect(await verifyWitnessPin("482913", stored)).toBe(true);
    expect(await verifyWitnessPin("482914", stored)).toBe(false);
    expect(await verifyWitnessPin("482913", null)).toBe(false);
  });
});
