import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);

// Server processes: with PostgreSQL one per core (WEB_CONCURRENCY, default the cores this
// machine offers), since each renders on a single thread; with the embedded database one,
// because PGlite opens its data directory from one process only.
const embedded = !process.env.DATABASE_URL || process.env.DATABASE_URL.startsWith("pglite:");
const asked = process.env.WEB_CONCURRENCY?.trim();
if (asked !== undefined && asked !== "" && !/^[1-9]$|^1[0-6]$/.test(asked)) {
  console.error(`WEB_CONCURRENCY must be a whole number of server processes from 1 to 16 (got "${asked.slice(0, 20)}").`);
  process.exit(1);
}
if (embedded && asked && Number(asked) > 1) {
  console.error("WEB_CONCURRENCY must be 1 with the embedded database: PGlite opens its data directory from one process only.");
  process.exit(1);
}
const processes = embedded ? 1 : asked ? Number(asked) : os.availableParallelism();

if (processes > 1 && cluster.isPrimary) {
  for (let i = 0; i < processes; i++) cluster.fork();
  // A process that ends takes the others with it: the service manager restarts the whole,
  // rather than this loop restarting one that fails at every start.
  cluster.on("exit", (worker, code, signal) => {
    console.error(`HAT Clinic server process ${worker.process.pid} ended (${signal ?? `code ${code}`}); stopping.`);
    for (const other of Object.values(cluster.workers ?? {})) other?.kill();
    process.exit(code || 1);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      cluster.removeAllListeners("exit");
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
      process.exit(0);
    });
  }
} else {
  globalThis[Symbol.for("hat-clinic.socket-address-appended")] = true;

  const app = next({ dev: false, hostname: values.hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  http
    .createServer((request, response) => {
      const socketAddress = request.socket.remoteAddress ?? "";
      const forwarded = request.headers["x-forwarded-for"];
      request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${socketAddress}` : socketAddress;
      void handle(request, response);
    })
    .listen(port, values.hostname, () => {
      if (cluster.isPrimary || cluster.worker?.id === 1) {
        console.log(`HAT Clinic listening on http://${values.hostname ?? "localhost"}:${port} (${processes} server process${processes === 1 ? "" : "es"})`);
      }
    });
}
