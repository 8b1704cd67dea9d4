import { ReferenceLine } from "recharts";
import type { ThresholdLine } from "./prepare/thresholds";

/** Alert thresholds as dashed reference lines; called inline in a recharts chart (recharts reads its direct children). */
export function renderThresholdLines(thresholds: ThresholdLine[]) {
  return thresholds.map((th) => (
    <ReferenceLine
      key={`${th.label}-${th.y}`}
      y={th.y}
      stroke={th.color}
      strokeDasharray="6 3"
      ifOverflow="extendDomain"
      label={{ value: th.label, fontSize: 10, position: "insideTopLeft", fill: th.color }}
    />
  ));
}
