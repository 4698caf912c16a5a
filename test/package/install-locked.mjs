// Installs a folder's own locked packages (`npm ci --ignore-scripts` on its package-lock.json)
// unless the installed copy already matches the lockfile: the runtime matrix's runtimes and the
// TypeScript matrix's compilers. `.ci/run` calls it; the matrix tests call it again and report what
// could not be installed as not run, with the reason.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { arch, platform } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** Resolves with undefined once `dir`'s packages are installed, or with the reason they cannot be. */
export async function installLocked(dir) {
  const sha = createHash("sha256")
    .update(await readFile(`${dir}/package-lock.json`))
    .digest("hex");
  const stamp = `${dir}/node_modules/.lock-sha`;
  if (existsSync(stamp) && (await readFile(stamp, "utf8")) === sha) return undefined;
  try {
    await promisify(execFile)("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      timeout: 300_000,
    });
    await writeFile(stamp, sha);
    return undefined;
  } catch (error) {
    return `npm ci in ${dir} failed (${String(error.message).split("\n")[0]})`;
  }
}

/** installLocked for test/package/runtimes, whose runtime binaries are pinned for linux-x64 only. */
export function installRuntimes(dir) {
  if (platform() === "linux" && arch() === "x64") return installLocked(dir);
  return Promise.resolve(`the runtime packages are pinned for linux-x64, this is ${platform()}-${arch()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dir of process.argv.slice(2)) {
    const why = await installLocked(resolve(dir));
    console.log(
      why ? `WARNING: ${dir} not installed: ${why}; its matrix will report it as not run` : `${dir}: installed`,
    );
  }
}
