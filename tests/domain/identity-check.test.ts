import { describe, expect, it } from "vitest";
import { MAX_PHOTO_BYTES, PHOTO_EMPTY, PHOTO_NOT_AN_IMAGE, PHOTO_TOO_LARGE, ageOn, dateOfBirthLine, photoProblem, photoType } from "@/domain/identity-check";

const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const file = (head: number[], size = 100) => {
  const bytes = new Uint8Array(size);
  bytes.set(head.slice(0, size));
  return bytes;
};

describe("age from the date of birth", () => {
  it.each([
    ["1990-06-15", "2026-06-14", 35],
    ["1990-06-15", "2026-06-15", 36],
    ["1990-06-15", "2026-06-16", 36],
    ["1990-06-15", "2026-05-30", 35],
    ["1992-02-29", "2026-02-28", 33],
    ["1992-02-29", "2026-03-01", 34],
  ])("born %s is on %s %i", (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });
});

describe("a participant's photo", () => {
  it("is known by its first bytes, never its name or claimed type", () => {
    expect(photoType(file(JPEG))).toBe("image/jpeg");
    expect(photoType(file(PNG))).toBe("image/png");
    expect(photoType(new TextEncoder().encode("GIF89a........"))).toBeNull();
    expect(photoType(new TextEncoder().encode("<svg xmlns=…>"))).toBeNull();
    expect(photoType(file(PNG.slice(0, 7), 7))).toBeNull();
    expect(photoType(file(JPEG.slice(0, 2), 2))).toBeNull();
  });

  it("is refused empty, over the size limit, or not a JPEG or PNG, and accepted up to the limit", () => {
    expect(photoProblem(new Uint8Array(0))).toBe(PHOTO_EMPTY);
    expect(photoProblem(file(JPEG, MAX_PHOTO_BYTES))).toBeNull();
    expect(photoProblem(file(PNG, MAX_PHOTO_BYTES))).toBeNull();
    expect(photoProblem(file(JPEG, MAX_PHOTO_BYTES + 1))).toBe(PHOTO_TOO_LARGE);
    expect(photoProblem(file([0x47, 0x49, 0x46, 0x38]))).toBe(PHOTO_NOT_AN_IMAGE);
  });
});

describe("the date of birth on a card", () => {
  it("gives the day, month and year, and the age", () => {
    expect(dateOfBirthLine("1988-03-04", 38)).toBe("Born 4 Mar 1988, 38 years old");
    expect(dateOfBirthLine("2000-12-31", 25)).toBe("Born 31 Dec 2000, 25 years old");
  });
});
