import { existsSync, watch as fsWatch, type FSWatcher } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import watcher from "@parcel/watcher";

/** What happened to a path, as the watcher reports it (a directory's events name the directory). */
export type WatchEventKind = "create" | "update" | "delete";

export interface WatchTreeOptions {
  /** Directories watched recursively, absolute. */
  readonly dirs: readonly string[];
  /** Directory names skipped anywhere below the watched directories (caches, envs, build output). */
  readonly ignoredDirNames: readonly string[];
  /** Only files with these extensions are reported and listed (".py", ".proto"). */
  readonly extensions: readonly string[];
  readonly onEvent: (kind: WatchEventKind, file: string) => void;
  readonly onError: (error: Error) => void;
}

export interface TreeWatcher {
  /** The files present when watching started (the baseline later saves are compared with). */
  readonly initialFiles: readonly string[];
  close(): Promise<void>;
}

/**
 * Watches directory trees with @parcel/watcher (inotify on Linux, FSEvents on macOS, native) and
 * resolves once every tree is subscribed, so a save made after that is never missed. It watches
 * directories, not inodes, adds new directories itself, and keeps watching a directory that was
 * removed and created again — chokidar 5, measured on the same script, reported nothing more for
 * files in such a directory. Events arrive batched; several for one save are expected, and the
 * dev loop compares content, so counting them is not its job.
 */
export async function watchTree(options: WatchTreeOptions): Promise<TreeWatcher> {
  // A directory inside another watched one (Flink's pyflink/proto in pyflink) needs no watch of its own.
  const resolved = [...new Set(options.dirs.map((dir) => path.resolve(dir)))];
  const roots = resolved.filter((dir) => !resolved.some((other) => dir.startsWith(`${other}${path.sep}`)));
  const ignore = options.ignoredDirNames.map((name) => `**/${name}`);
  const wanted = (file: string): boolean => options.extensions.some((extension) => file.endsWith(extension)) && !path.basename(file).startsWith(".#");
  // The files known to be there: a directory moved out or in is one event, its files are not.
  const known = new Set<string>();
  const onEvents = async (events: readonly watcher.Event[]): Promise<void> => {
    for (const event of events) {
      if (wanted(event.path)) {
        if (event.type === "delete") known.delete(event.path);
        else known.add(event.path);
        options.onEvent(event.type, event.path);
      } else if (event.type === "delete") {
        const prefix = `${event.path}${path.sep}`;
        for (const file of [...known].filter((candidate) => candidate.startsWith(prefix))) {
          known.delete(file);
          options.onEvent("delete", file);
        }
      } else if (event.type === "create") {
        for (const file of (await listFiles(event.path, options.ignoredDirNames)).filter(wanted)) {
          if (known.has(file)) continue;
          known.add(file);
          options.onEvent("create", file);
        }
      }
    }
  };
  const subscriptions = new Map<string, watcher.AsyncSubscription>();
  const parentWatchers = new Map<string, FSWatcher>();
  let closed = false;
  const reportError = (caught: unknown): void => { options.onError(caught instanceof Error ? caught : new Error(String(caught))); };

  const subscribe = async (root: string): Promise<void> => {
    const subscription = await watcher.subscribe(
      root,
      (error, events) => {
        if (error !== null) {
          options.onError(error);
          return;
        }
        void onEvents(events).catch(reportError);
        // The watched directory itself went away (a branch switch, `rm -r proto`): its watch is gone
        // with it, so wait for it to come back and watch it again.
        if (events.some((event) => event.type === "delete" && event.path === root)) void resubscribeWhenBack(root).catch(reportError);
      },
      { ignore },
    );
    if (closed) await subscription.unsubscribe();
    else subscriptions.set(root, subscription);
  };

  const resubscribeWhenBack = async (root: string): Promise<void> => {
    await subscriptions.get(root)?.unsubscribe().catch(() => undefined);
    subscriptions.delete(root);
    if (parentWatchers.has(root) || closed) return;
    const back = (): void => {
      if (!existsSync(root) || !parentWatchers.has(root)) return;
      parentWatchers.get(root)?.close();
      parentWatchers.delete(root);
      void subscribe(root)
        .then(() => onEvents([{ type: "create", path: root }]))
        .catch(reportError);
    };
    // The parent, not recursively: Node's fs.watch sees a name appear in one directory reliably.
    parentWatchers.set(root, fsWatch(path.dirname(root), back));
    back();
  };

  await Promise.all(roots.map(subscribe));
  const initialFiles = (await Promise.all(roots.map((root) => listFiles(root, options.ignoredDirNames)))).flat().filter(wanted);
  for (const file of initialFiles) known.add(file);
  return {
    initialFiles,
    close: async () => {
      closed = true;
      for (const parent of parentWatchers.values()) parent.close();
      parentWatchers.clear();
      await Promise.all([...subscriptions.values()].map((subscription) => subscription.unsubscribe()));
      subscriptions.clear();
    },
  };
}

async function listFiles(dir: string, ignored: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ignored.includes(entry.name) ? Promise.resolve([]) : listFiles(full, ignored);
      return Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}
