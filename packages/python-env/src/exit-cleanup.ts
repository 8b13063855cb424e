/**
 * Cleanups to run if the process exits mid-way. A CLI ends the process on Ctrl-C (the runner's
 * exitCleanlyOnSignals calls process.exit once the child trees are gone), before the `catch` and
 * `finally` of a build in progress can run; these run then instead. One "exit" listener for all,
 * so parallel builds do not pile up listeners.
 */
const cleanups = new Set<() => void>();
let listening = false;

/** Registers `cleanup` (synchronous: nothing async runs on exit); returns the function that unregisters it. */
export function onExit(cleanup: () => void): () => void {
  if (!listening) {
    process.on("exit", () => {
      for (const run of cleanups) {
        try {
          run();
        } catch {
          // Best effort: the process is going away; the next build removes what is left.
        }
      }
    });
    listening = true;
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
