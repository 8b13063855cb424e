const SAFE = /^[\w@%+=:,./-]+$/;

/** A command line as a person would paste it into a POSIX shell. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quote).join(" ");
}

function quote(word: string): string {
  if (word !== "" && SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
