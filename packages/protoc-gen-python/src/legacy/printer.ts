// A re-implementation of the parts of protoc's io::Printer that the legacy
// python generator relies on: `$var$` substitution and two-space indentation
// inserted at the start of every non-empty line. Byte-exactness of the output
// depends on reproducing exactly when the indent is written (never on a line
// that starts with '\n', and before substituted values too).

import { PythonGeneratorError } from "../python-generator-error.js";
export class LegacyPrinter {
  private readonly chunks: string[] = [];
  private indentText = "";
  private atStartOfLine = true;

  print(template: string, vars: Readonly<Record<string, string>> = {}): void {
    let pos = 0;
    for (let i = 0; i < template.length; i++) {
      const c = template[i];
      if (c === "\n") {
        this.writeRaw(template.slice(pos, i + 1));
        pos = i + 1;
        this.atStartOfLine = true;
      } else if (c === "$") {
        this.writeRaw(template.slice(pos, i));
        const end = template.indexOf("$", i + 1);
        if (end < 0) {
          throw new PythonGeneratorError(`unterminated variable in template: ${template}`);
        }
        const name = template.slice(i + 1, end);
        if (name === "") {
          this.writeRaw("$");
        } else {
          const value = vars[name];
          if (value === undefined) {
            throw new PythonGeneratorError(`undefined template variable "${name}"`);
          }
          this.writeRaw(value);
        }
        i = end;
        pos = end + 1;
      }
    }
    this.writeRaw(template.slice(pos));
  }

  /** Writes text that contains no `$` variables (protoc's Print(str.c_str())). */
  printRaw(text: string): void {
    this.print(text.replaceAll("$", "$$"));
  }

  indent(): void {
    this.indentText += "  ";
  }

  outdent(): void {
    if (this.indentText.length < 2) {
      throw new PythonGeneratorError("outdent without matching indent");
    }
    this.indentText = this.indentText.slice(2);
  }

  toString(): string {
    return this.chunks.join("");
  }

  private writeRaw(data: string): void {
    if (data.length === 0) return;
    if (this.atStartOfLine && data[0] !== "\n") {
      this.atStartOfLine = false;
      this.chunks.push(this.indentText);
    }
    this.chunks.push(data);
  }
}
