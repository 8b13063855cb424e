// Which of the job's own modules hold code the Python workers import by name. PyFlink sends UDFs
// to the workers with cloudpickle, which pickles by value what it cannot find again by name (a
// lambda, a function whose module name is bound to the @udf wrapper instead) and by reference
// what it can: a class defined in an importable module (a ScalarFunction, MapFunction, ...
// subclass) and a plain module-level function handed to udf(...). Those the worker imports from
// their module, so the module must be on the workers' path.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
const WORKER_FUNCTION = new RegExp(
  [
    String.raw`^\s*class\s+\w+\s*\([^)]*\b(ScalarFunction|TableFunction|AggregateFunction|TableAggregateFunction|MapFunction|FlatMapFunction|FilterFunction|ReduceFunction|KeySelector|ProcessFunction|KeyedProcessFunction|CoMapFunction|CoFlatMapFunction|CoProcessFunction|KeyedCoProcessFunction|ProcessWindowFunction|WindowFunction)\b`,
    String.raw`\b(udf|udtf|udaf|udtaf)\s*\(\s*[A-Za-z_]\w*\s*[,)]`,
  ].join("|"),
  "m",
);

async function pythonFilesOf(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isFile() === true) return [target];
  if (info?.isDirectory() !== true) return [];
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".py")).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

/** The first line in module `name` (under `dir`) that defines a worker-side function, as `file:line: text`; undefined when none does. */
export async function workerFunctionIn(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [path.join(dir, `${name}.py`), path.join(dir, name)]) {
    for (const file of await pythonFilesOf(candidate)) {
      const text = await readFile(file, "utf8").catch(() => "");
      const match = WORKER_FUNCTION.exec(text);
      if (match === null) continue;
      const line = text.slice(0, match.index + match[0].length).split("\n").length;
      return `${path.relative(dir, file)}:${line}: ${(text.split("\n")[line - 1] ?? "").trim()}`;
    }
  }
  return undefined;
}
