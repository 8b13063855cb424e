// Every child started by `run` / `runBuffer` leads its own process group (detached), so one signal
// to the negative pid reaches the whole tree. The set lets a CLI end them all on Ctrl-C / SIGTERM.

/** A running child as the tree killer sees it: its pid and a promise that settles when it is gone. */
export interface TrackedChild {
  readonly pid: number | undefined;
  readonly exited: Promise<unknown>;
}

const live = new Set<TrackedChild>();

export function trackChild(child: TrackedChild): void {
  live.add(child);
}

export function untrackChild(child: TrackedChild): void {
  live.delete(child);
}

/** How many children started by `run` or `runBuffer` are still running. */
export function runningChildren(): number {
  return live.size;
}

/** SIGTERM to the child's whole process group, SIGKILL after `graceMs` if it is still there. */
export function killTree(child: TrackedChild, graceMs: number): void {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroup(pid, "SIGTERM");
  const timer = setTimeout(() => {
    signalGroup(pid, "SIGKILL");
  }, graceMs);
  timer.unref();
  void child.exited.finally(() => {
    // The leader is gone; make sure nothing it left in its group lingers.
    signalGroup(pid, "SIGKILL");
    clearTimeout(timer);
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Ends every running child tree; resolves when all of them have exited. */
export async function killAllChildren(graceMs = 2000): Promise<void> {
  const children = [...live];
  for (const child of children) killTree(child, graceMs);
  await Promise.allSettled(children.map((child) => child.exited));
}

/**
 * For CLIs: on SIGINT / SIGTERM, end every child tree, then exit with 130 / 143.
 * Returns a function that removes the handlers.
 */
export function exitCleanlyOnSignals(onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    onSignal?.(signal);
    void killAllChildren().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
