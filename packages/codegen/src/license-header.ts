// Flink's gen_protos.py prepends this 17-line Apache header to every *_pb2.py and *_pb2.pyi it
// writes (a line of 80 '#', 15 comment lines, a line of 80 '#'); Flink's sync test compares the
// result byte for byte, so the text — including the single space before "limitations" — is exact.
const RULE = "#".repeat(80);

export const FLINK_LICENSE_HEADER: string = [
  RULE,
  "#  Licensed to the Apache Software Foundation (ASF) under one",
  "#  or more contributor license agreements.  See the NOTICE file",
  "#  distributed with this work for additional information",
  "#  regarding copyright ownership.  The ASF licenses this file",
  "#  to you under the Apache License, Version 2.0 (the",
  '#  "License"); you may not use this file except in compliance',
  "#  with the License.  You may obtain a copy of the License at",
  "#",
  "#      http://www.apache.org/licenses/LICENSE-2.0",
  "#",
  "#  Unless required by applicable law or agreed to in writing, software",
  '#  distributed under the License is distributed on an "AS IS" BASIS,',
  "#  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
  "#  See the License for the specific language governing permissions and",
  "# limitations under the License.",
  RULE,
  "",
].join("\n");

/** `header` followed by `content`; a header without a final newline gets one. */
export function prependLicenseHeader(content: string, header: string | undefined): string {
  if (header === undefined || header === "") return content;
  return (header.endsWith("\n") ? header : `${header}\n`) + content;
}
