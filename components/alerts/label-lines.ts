/** One label per line, "name=value"; blank lines are skipped. */
export type ParsedLabels = { ok: true; labels: Record<string, string> } | { ok: false; error: string };

export function parseLabelLines(text: string): ParsedLabels {
  const labels: Record<string, string> = {};
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, error: `line ${i + 1}: write name=value` };
    const name = line.slice(0, eq).trim();
    if (Object.hasOwn(labels, name)) return { ok: false, error: `line ${i + 1}: "${name}" is given twice` };
    labels[name] = line.slice(eq + 1).trim();
  }
  return { ok: true, labels };
}

export function formatLabelLines(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/** An alert's own labels: alertname and severity are the rule's, the same on every alert of it. */
export function groupLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== "alertname" && k !== "severity"));
}

/** "model=gpt-4o, env=prod" for a table cell; "" for none. */
export function formatLabelList(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
