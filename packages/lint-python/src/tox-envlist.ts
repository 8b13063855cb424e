/**
 * tox's `envlist`: comma- or newline-separated names with `{a,b}` brace expansion, as in Flink's
 * `{py39, py310, py311, py312}-cython`.
 */
export function expandEnvlist(value: string): string[] {
  const names: string[] = [];
  for (const item of splitTopLevel(value)) {
    for (const name of expandBraces(item)) if (name !== "" && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The Python minor version a tox env name implies ("py311-cython" → "3.11", "py3.12" → "3.12"). */
export function pythonOfToxEnv(name: string): string | undefined {
  for (const factor of name.split("-")) {
    const dotted = /^py(\d)\.(\d+)$/.exec(factor);
    if (dotted) return `${dotted[1] ?? ""}.${dotted[2] ?? ""}`;
    const compact = /^py(\d)(\d+)$/.exec(factor);
    if (compact) return `${compact[1] ?? ""}.${compact[2] ?? ""}`;
  }
  return undefined;
}

function splitTopLevel(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of value) {
    if (char === "{") depth++;
    if (char === "}") depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === "," || char === "\n")) {
      items.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  items.push(current.trim());
  return items.filter((item) => item !== "");
}

function expandBraces(item: string): string[] {
  const open = item.indexOf("{");
  const close = open < 0 ? -1 : item.indexOf("}", open);
  if (open < 0 || close < 0) return [item.replace(/\s+/g, "")];
  const head = item.slice(0, open);
  const tail = item.slice(close + 1);
  const options = item.slice(open + 1, close).split(",").map((option) => option.trim());
  return options.flatMap((option) => expandBraces(`${head}${option}${tail}`));
}
