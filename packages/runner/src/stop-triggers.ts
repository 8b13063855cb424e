import { killTree, type TrackedChild } from "./process-trees.js";
import { KILL_GRACE_MS, type RunOptions } from "./run-options.js";

export interface StopTriggers {
  /** Which trigger ended the child; read after it exited. */
  readonly state: { readonly timedOut: boolean; readonly cancelled: boolean };
  /** Removes the timer and the abort listener. */
  dispose(): void;
}

/** Ends the child's whole process tree when `timeoutMs` passes or `signal` aborts. */
export function armStopTriggers(tracked: TrackedChild, options: RunOptions): StopTriggers {
  const state = { timedOut: false, cancelled: false };
  const onAbort = (): void => {
    state.cancelled = true;
    killTree(tracked, KILL_GRACE_MS);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          state.timedOut = true;
          killTree(tracked, KILL_GRACE_MS);
        }, options.timeoutMs);
  return {
    state,
    dispose: () => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}
