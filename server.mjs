// `npm start`: the production server. Next.js keeps an X-Forwarded-For sent by the client
// as it is and only sets the socket's address when there is none, so a forged header
// would pass for the client's address. Here the socket's address is appended, as every
// proxy does; src/domain/client-address.ts reads it (and TRUSTED_PROXY_HOPS entries before
// it, when the app is behind proxies). Everything else is Next.js's own request handler.
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);

// Read by src/auth/client-address.ts: without it (next dev, a bare next start) no address is trusted.
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
    console.log(`HAT Clinic listening on http://${values.hostname ?? "localhost"}:${port}`);
  });
