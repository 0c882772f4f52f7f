// React's Flight client as Next.js bundles it (no types ship with it): the one function
// scripts/bench/http.ts uses to encode a server action's arguments as the browser does.
declare module "next/dist/compiled/react-server-dom-webpack/client.node.js" {
  export function encodeReply(value: unknown): Promise<string | FormData>;
}
