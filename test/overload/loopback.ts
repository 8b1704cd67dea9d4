import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { POST as tracesRoute } from "@/app/api/otel/v1/traces/route";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";

type Handler = (req: Request) => Promise<Response> | Response;

/** The app's route handlers this test serves, by path prefix and method. */
const ROUTES: Array<{ method: string; prefix: string; handler: Handler }> = [
  { method: "POST", prefix: "/api/trpc/", handler: trpcPost },
  { method: "GET", prefix: "/api/trpc/", handler: trpcGet },
  { method: "POST", prefix: "/api/otel/v1/traces", handler: tracesRoute },
];

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (ReadableStreamFromNode(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error -- Node's fetch needs duplex for a streamed body
    duplex: "half",
  });
}

function ReadableStreamFromNode(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      req.on("end", () => controller.close());
      req.on("error", (err) => controller.error(err));
    },
    cancel() {
      req.destroy();
    },
  });
}

/** A real HTTP server on 127.0.0.1 (a free port) in front of the app's route handlers. */
export async function serveLoopback(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const path = (req.url ?? "/").split("?")[0]!;
      const route = ROUTES.find((r) => r.method === req.method && path.startsWith(r.prefix));
      const response = route ? await route.handler(toRequest(req, base)) : new Response("not found", { status: 404 });
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => (headers[k] = v));
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`test server: handler threw: ${(err as Error).message}`);
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
