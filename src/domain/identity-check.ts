/**
 * The identity check before a dose: the date of birth with the age, and a photo of the
 * participant. The photo rules are the server's (what it stores) and the form's (what it
 * sends): the proxy refuses any form over 1 MiB, so the browser makes the photo small first.
 */

/** Whole years from a date of birth ("yyyy-MM-dd") to a date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The browser scales a photo down to this longest side before sending it: plenty to recognise a face on a card. */
export const PHOTO_LONGEST_SIDE_PX = 480;
/** A 480 px JPEG is 30–80 kB; this leaves room for a PNG sent without the page's script, well under the 1 MiB form limit. */
export const MAX_PHOTO_BYTES = 800 * 1024;

export type PhotoType = "image/jpeg" | "image/png";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type by the file's first bytes (its signature), never by its name or the type the browser claims. */
export function photoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "image/png";
  return null;
}

export const PHOTO_EMPTY = "Choose a photo: this file is empty.";
export const PHOTO_TOO_LARGE = `The photo is larger than ${MAX_PHOTO_BYTES / 1024} kB. Take it again, or choose a smaller one.`;
export const PHOTO_NOT_AN_IMAGE = "The photo must be a JPEG or PNG image. Take it again with the tablet's camera, or choose a .jpg or .png file.";

/** What is wrong with a photo, or null when it can be stored. */
export function photoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return PHOTO_EMPTY;
  if (bytes.length > MAX_PHOTO_BYTES) return PHOTO_TOO_LARGE;
  if (!photoType(bytes)) return PHOTO_NOT_AN_IMAGE;
  return null;
}

/** "Born 14 Mar 1988, 38 years old": no weekday, the year always. */
export function dateOfBirthLine(dateOfBirth: string, age: number): string {
  const [year, month, day] = dateOfBirth.split("-").map(Number) as [number, number, number];
  return `Born ${day} ${MONTHS[month - 1]} ${year}, ${age} years old`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
