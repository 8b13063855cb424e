// Local copies of public Sphinx inventories, for docs whose conf.py maps a site this machine
// cannot reach (Flink's maps pandas.pydata.org). Debian ships each project's built HTML docs,
// objects.inv included, in its -doc package; the sphinx check hands the copies that are installed
// to Sphinx as the fallback it reads only when the remote inventory fails.
import { existsSync } from "node:fs";

export interface OfflineInventory {
  /** The docs' base URL as conf.py's intersphinx_mapping names it. */
  readonly url: string;
  /** The inventory file the package installs. */
  readonly file: string;
  /** The Debian package that installs it (what the fix tells the user to install). */
  readonly debianPackage: string;
}

const PANDAS_DOC = "/usr/share/doc/python-pandas-doc/html/objects.inv";

export const OFFLINE_INVENTORIES: readonly OfflineInventory[] = [
  { url: "https://pandas.pydata.org/docs/", file: PANDAS_DOC, debianPackage: "python-pandas-doc" },
  { url: "https://pandas.pydata.org/pandas-docs/stable/", file: PANDAS_DOC, debianPackage: "python-pandas-doc" },
];

/** The environment variable the sphinx wrapper reads: a JSON object, URL → local objects.inv. */
export const INVENTORIES_VARIABLE = "PYFLINK_DEVKIT_INTERSPHINX_INVENTORIES";

/** The installed copies, as the wrapper's JSON. */
export function installedInventories(table: readonly OfflineInventory[] = OFFLINE_INVENTORIES): string {
  return JSON.stringify(Object.fromEntries(table.filter((row) => existsSync(row.file)).map((row) => [row.url, row.file])));
}

/** The row for an inventory URL Sphinx could not fetch (`<base>/objects.inv`), if there is one. */
export function offlineInventoryFor(inventoryUrl: string, table: readonly OfflineInventory[] = OFFLINE_INVENTORIES): OfflineInventory | undefined {
  const base = inventoryUrl.replace(/objects\.inv$/, "").replace(/\/*$/, "/");
  return table.find((row) => row.url === base);
}
