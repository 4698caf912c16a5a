// A new project that installs the packed tarball, as a user's would: what every publish test
// starts from.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import pkg from "../../package.json" with { type: "json" };

/** The Prism peers at the ranges the package declares, as install arguments. */
export const prismPeers = () =>
  Object.entries(pkg.peerDependencies)
    .filter(([name]) => name.startsWith("@stoplight/"))
    .map(([name, range]) => `${name}@${range}`);

/**
 * Makes `dir` a project (`type` module unless told) and installs the tarball with `packages`
 * beside it; `flags` are added to npm install's (e.g. `--save-exact`).
 */
export async function consumerProject(
  dir: string,
  options: { name: string; type?: "module" | "commonjs"; packages?: string[]; flags?: string[] },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: options.name, private: true, type: options.type ?? "module" }),
  );
  await promisify(execFile)(
    "npm",
    [
      "install",
      inject("tarball"),
      ...(options.packages ?? []),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...(options.flags ?? ["--prefer-offline"]),
    ],
    { cwd: dir, timeout: 240_000 },
  );
  return dir;
}
