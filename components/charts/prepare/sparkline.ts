/**
 * SVG path of a sparkline over `values` in a width × height box. Gaps (null) break the line, as on
 * the full charts; a lone point between gaps becomes a short tick so it is not lost.
 */
export function sparklinePath(values: Array<number | null>, width: number, height: number): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!present.length || values.length < 2) return "";
  const min = Math.min(0, ...present);
  const max = Math.max(...present);
  const span = max - min || 1;
  const x = (i: number) => (i / (values.length - 1)) * width;
  const y = (v: number) => height - ((v - min) / span) * height;
  const parts: string[] = [];
  let open = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      open = false;
      return;
    }
    const lone = !open && (values[i + 1] == null || !Number.isFinite(values[i + 1]!));
    parts.push(`${open ? "L" : "M"}${round(x(i))} ${round(y(v))}`);
    if (lone) parts.push(`L${round(x(i) + 1)} ${round(y(v))}`);
    open = true;
  });
  return parts.join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;
