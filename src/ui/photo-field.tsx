"use client";

import Image from "next/image";
import { useEffect, useState, type ChangeEvent } from "react";
import { PHOTO_LONGEST_SIDE_PX } from "@/domain/identity-check";
import { Field } from "./action-form";

/**
 * The photo as sent: scaled down in the browser to PHOTO_LONGEST_SIDE_PX on its longest side
 * and made a JPEG (a tablet's camera takes several megabytes; the proxy refuses any form over
 * 1 MiB). createImageBitmap turns the photo upright by its EXIF orientation first.
 */
async function downsize(file: File): Promise<File> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_LONGEST_SIDE_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  if (!blob) throw new Error("the photo could not be made smaller");
  return new File([blob], "photo.jpg", { type: "image/jpeg" });
}

type Preparing = "idle" | "working" | "ready" | "failed";

/**
 * A photo for the identity check, taken with the tablet's camera or chosen from its files.
 * The file the form sends is replaced by the smaller one as soon as it is ready. Without the
 * page's script the photo is sent as taken, and the server's limits answer for it.
 */
export function PhotoField({ name, label }: { name: string; label: string }) {
  const [preparing, setPreparing] = useState<Preparing>("idle");
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  async function prepare(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    setPreview(null);
    if (!file) return setPreparing("idle");
    setPreparing("working");
    try {
      const small = await downsize(file);
      const files = new DataTransfer();
      files.items.add(small);
      input.files = files.files;
      setPreview(URL.createObjectURL(small));
      setPreparing("ready");
    } catch {
      // Left as chosen: the server says what is wrong with it (not an image, too large).
      setPreparing("failed");
    }
  }

  return (
    <div className="space-y-2">
      <Field name={name} label={label} type="file" accept="image/*" hint="JPEG or PNG. It is made smaller before it is sent." onChange={prepare} />
      <p role="status" className="text-sm text-slate-700">
        {preparing === "working" ? "Preparing the photo…" : preparing === "failed" ? "This file could not be read as a photo here; it will be checked when saved." : ""}
      </p>
      {preview ? <Image src={preview} alt="The photo to be saved" width={96} height={96} unoptimized className="size-24 rounded border border-slate-300 object-cover" /> : null}
    </div>
  );
}
