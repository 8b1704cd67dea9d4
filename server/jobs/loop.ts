import "server-only";

export interface LoopHandle {
  stop(): void;
}

/**
 * Runs `tick` forever: again at once while it reports work done (a backlog), else after
 * `idleMs`. A failing tick is logged and retried later; it never crashes the process.
 */
export function startLoop(name: string, tick: () => Promise<number>, idleMs: number): LoopHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  const run = async () => {
    if (stopped) return;
    let delay = idleMs;
    try {
      const done = await tick();
      failures = 0;
      if (done > 0) delay = 0;
    } catch (err) {
      failures++;
      delay = Math.min(60_000, idleMs * 2 ** Math.min(failures, 5));
      console.error(`[jobs] ${name} failed (retrying in ${Math.round(delay / 1000)} s):`, (err as Error).message);
    }
    if (!stopped) {
      timer = setTimeout(run, delay);
      timer.unref?.();
    }
  };
  timer = setTimeout(run, 0);
  timer.unref?.();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
