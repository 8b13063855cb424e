#!/usr/bin/env node
// protoc plugin entry point: reads a CodeGeneratorRequest on stdin, writes the
// response on stdout, with @bufbuild/protoplugin's runNodeJs.
//
// The package root of @bufbuild/protoplugin also loads the TypeScript compiler
// (for its ECMAScript plugins' transpile step), which costs seconds per protoc
// run; runNodeJs itself needs none of it. So we load protoplugin's own
// run-node module by path (its "exports" list only the root) and fall back to
// the root if that file ever moves.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "@bufbuild/protoplugin";
import { protocGenPython } from "../index.js";

type RunNodeJs = (plugin: Plugin) => void;

async function loadRunNodeJs(): Promise<RunNodeJs> {
  try {
    const root = createRequire(import.meta.url).resolve("@bufbuild/protoplugin");
    const runNode = path.resolve(path.dirname(root), "..", "esm", "run-node.js");
    const mod = (await import(pathToFileURL(runNode).href)) as { runNodeJs?: RunNodeJs };
    if (typeof mod.runNodeJs === "function") return mod.runNodeJs;
  } catch {
    // fall through to the package root
  }
  return (await import("@bufbuild/protoplugin")).runNodeJs;
}

(await loadRunNodeJs())(protocGenPython);
