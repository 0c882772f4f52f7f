import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">403: not allowed</h1>
      <p className="mt-4">Your role does not give access to this page. If you need it, ask the clinic administrator.</p>
      <Link href="/" className="mt-6 inline-flex items-center rounded bg-brand px-5 py-3 font-medium text-white">
        Go to my home page
      </Link>
    </main>
  );
}
