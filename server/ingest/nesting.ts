/**
 * How deeply objects and arrays nest in `value` (a scalar is 0, `{}` and `[]` are 1), counted
 * without recursion and given up past `limit` (the answer is then `limit + 1`): request bodies
 * can nest deeper than the call stack.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return limit + 1;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
