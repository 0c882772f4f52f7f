"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";

const MESSAGES: Record<string, string> = {
  throttled: "Too many unsuccessful attempts. Wait 15 minutes, then try again.",
  CredentialsSignin: "Sign-in failed. Check your email and password.",
  unavailable: "Sign-in is not available just now. Try again in a minute; if it keeps happening, tell the clinic administrator.",
  "wrong-code": "That code did not work. Type the 6 digits the app shows now, or a recovery code you have not used.",
};

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Two-step sign-in: once the password is right, the same form asks for the app's code.
  const [askCode, setAskCode] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      code: String(form.get("code") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      // A full navigation, so every server component sees the new session.
      window.location.assign(callbackUrl);
      return;
    }
    if (result?.error === "second-factor") {
      setAskCode(true);
      return;
    }
    setError(MESSAGES[result?.error ?? ""] ?? MESSAGES.CredentialsSignin!);
  }

  useEffect(() => {
    if (askCode) codeRef.current?.focus();
  }, [askCode]);

  // Focus the message once it is on screen: the Sign in button that had focus was disabled
  // while signing in, so without this focus would be left nowhere.
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  return (
    // POST: were it sent before the page script runs, the password must not end up in the URL.
    <form method="post" onSubmit={onSubmit} className="mt-6 space-y-5" noValidate>
      {error ? (
        <p ref={errorRef} tabIndex={-1} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
          {error}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="block font-medium">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
      </div>
      <div>
        <label htmlFor="password" className="block font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
      </div>
      {askCode ? (
        <div>
          <label htmlFor="code" className="block font-medium">
            Code from your authenticator app
          </label>
          <p id="code-hint" className="text-sm text-slate-700">
            The 6 digits the app shows now. Lost your phone? Type one of your recovery codes instead.
          </p>
          <input
            ref={codeRef}
            id="code"
            name="code"
            type="text"
            autoComplete="one-time-code"
            aria-describedby="code-hint"
            required
            className="mt-1 w-full rounded border border-slate-500 px-3 py-2"
          />
        </div>
      ) : null}
      <button type="submit" disabled={pending} className="w-full rounded bg-brand px-5 py-3 font-medium text-white disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
