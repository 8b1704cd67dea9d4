/** POSTs JSON to one of our auth endpoints; the error is the server's message, in words. */
export async function postJson(url: string, body: unknown): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true };
    const data = (await res.json().catch(() => null)) as { message?: string } | null;
    if (res.status === 429) return { ok: false, message: "too many attempts; wait a minute and try again" };
    return { ok: false, message: data?.message || `the server answered ${res.status}` };
  } catch {
    return { ok: false, message: "the server did not answer; check your connection" };
  }
}
