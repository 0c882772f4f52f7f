// Preloaded into the server by `BENCH_PROFILE` (scripts/bench/http.ts): V8 writes a CPU
// profile only when the process exits on its own, not when SIGTERM ends it.
process.on("SIGTERM", () => process.exit(0));
