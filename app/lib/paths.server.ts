// Finds the project's own folders (content/, db/migrations/) from the code's location, so the
// portal works whatever the current directory is, from the sources and from the build alike.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "upstream") return (root = dir);
    dir = dirname(dir);
  }
  throw new Error("The Upstream project folder (with its package.json) was not found above the running code.");
}

export function projectPath(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
