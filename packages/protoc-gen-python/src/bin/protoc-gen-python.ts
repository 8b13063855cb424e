#!/usr/bin/env node
// protoc plugin entry point: reads a CodeGeneratorRequest on stdin, writes the response on stdout.
import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenPython } from "../index.js";

runNodeJs(protocGenPython);
