"use client";

import { useActionState } from "react";
import type { ActionState } from "@/server/action-result";
import type { confirmSecondFactorAction } from "./actions";

type Result = ActionState<{ recoveryCodes: string[] }>;

/**
 * Setting up the authenticator app: scan the QR code (or type the key), then type the code
 * it shows, which proves the app holds the key. The recovery codes are shown once, here.
 */
export function SecondFactorSetup({ action, secret, qrCode }: { action: typeof confirmSecondFactorAction; secret: string; qrCode: string }) {
  const [result, formAction, pending] = useActionState<Result, FormData>(action as (state: Result, form: FormData) => Promise<Result>, null);
  if (result?.ok) {
    return (
      <div role="status" className="space-y-3">
        <p className="font-medium">Two-step sign-in is set up.</p>
        <p>
          Keep these recovery codes somewhere safe, away from your phone. Each signs you in once if you lose the app. They are shown only now.
        </p>
        <ul className="grid grid-cols-2 gap-2 font-mono">
          {result.data.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </div>
    );
  }
  const fieldError = result && !result.ok ? (result.fieldErrors?.code ?? result.error) : null;
  return (
    <form action={formAction} className="space-y-4">
      <p>1. In an authenticator app on your phone, add an account by scanning this code.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, nothing to optimise */}
      <img src={qrCode} alt="QR code for your authenticator app" width={240} height={240} />
      <p>
        Or type this key into the app: <code className="break-all">{secret}</code>
      </p>
      <input type="hidden" name="secret" value={secret} />
      <div>
        <label htmlFor="setup-code" className="block font-medium">
          2. Code the app shows now
        </label>
        <input
          id="setup-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "setup-code-error" : undefined}
          className="mt-1 w-full rounded border border-slate-500 px-3 py-2"
        />
        {fieldError ? (
          <p id="setup-code-error" role="alert" className="text-danger">
            {fieldError}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className="min-h-11 rounded bg-brand px-5 py-2 font-medium text-white disabled:opacity-60">
        Turn on two-step sign-in
      </button>
    </form>
  );
}
