import { handleEnginePush } from "@/server/engine/push";

export const dynamic = "force-dynamic";

/** Prometheus text push: `curl --data-binary @- "<base>/api/engine/push?host=$(hostname)" -H "Authorization: Bearer $KEY"`. */
export function POST(req: Request) {
  return handleEnginePush(req);
}
