// Installs the runtime matrix's runtimes (this folder's lockfile, `npm ci --ignore-scripts`) unless
// the installed copy already matches the lockfile. `.ci/run` calls it; the matrix test calls it
// again and reports the runtimes as not run, with the reason, when it fails.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { arch, platform } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Resolves with undefined once the runtimes are installed, or with the reason they cannot be. */
export async function installRuntimes() {
  if (platform() !== "linux" || arch() !== "x64") return `the runtime packages are pinned for linux-x64, this is ${platform()}-${arch()}`;
  const sha = createHash("sha256").update(await readFile(`${here}package-lock.json`)).digest("hex");
  const stamp = `${here}node_modules/.lock-sha`;
  if (existsSync(stamp) && (await readFile(stamp, "utf8")) === sha) return undefined;
  try {
    await promisify(execFile)("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, timeout: 300_000 });
    await writeFile(stamp, sha);
    return undefined;
  } catch (error) {
    return `npm ci of contract-tests/runtimes failed (${String(error.message).split("\n")[0]})`;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = await installRuntimes();
  console.log(why ? `WARNING: runtimes not installed: ${why}; the runtime matrix will report them as not run` : "runtimes for the matrix installed");
}
