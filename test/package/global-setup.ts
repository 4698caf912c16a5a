// Builds and packs the package once for every publish test: each then installs this one tarball.
// (Packing per file would run the prepack build in parallel with itself and pack a half-built dist.)
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    tarball: string;
  }
}

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-pack-"));
  await run("npm", ["run", "build", "--silent"], { cwd: root });
  await run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--silent"], { cwd: root });
  project.provide("tarball", join(dir, (await readdir(dir)).find((f) => f.endsWith(".tgz"))!));
  return () => rm(dir, { recursive: true, force: true });
}
