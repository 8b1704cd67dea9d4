import "server-only";

export interface LoopHandle {
  stop(): void;
}

/**
 * Runs `tick` forever: again soon (`backlogMs`) while it reports work done, else after
 * `idleMs`. A failing tick is logged and retried later; it never crashes the process.
 */
export function startLoop(name: string, tick: () => Promise<number>, idleMs: number, backlogMs = 50): LoopHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  const run = async () => {
    if (stopped) return;
    let delay = idleMs;
    try {
      const done = await tick();
      failures = 0;
      // a short pause even in a backlog lets requests waiting on the (embedded) database through
      if (done > 0) delay = backlogMs;
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

/**
 * `startLoop`, once per process under `name`: Next.js may load a module from several bundles, and
 * each must not start its own copy. Stopping the handle lets a later call start it again.
 */
export function startLoopOnce(name: string, tick: () => Promise<number>, idleMs: number, backlogMs?: number): LoopHandle {
  const key = Symbol.for(`tailwatch.loop.${name}`);
  const g = globalThis as typeof globalThis & { [key: symbol]: LoopHandle | undefined };
  const running = g[key];
  if (running) return running;
  const inner = startLoop(name, tick, idleMs, backlogMs);
  const loop: LoopHandle = {
    stop() {
      inner.stop();
      if (g[key] === loop) delete g[key];
    },
  };
  g[key] = loop;
  return loop;
}
