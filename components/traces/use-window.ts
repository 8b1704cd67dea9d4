"use client";
import { useCallback, useState } from "react";

/**
 * Fixed-height row windowing: only the rows in view (plus a margin) are rendered, so a table of
 * thousands of rows or a trace of 5 000 spans stays smooth.
 */
export function useWindow(count: number, rowHeight: number, viewportHeight: number, overscan = 10) {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: React.UIEvent<HTMLElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last, onScroll, totalHeight: count * rowHeight, offsetTop: first * rowHeight, scrollTop };
}
