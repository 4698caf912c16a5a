// `npm run build`: ESM JavaScript and .d.ts into dist/ (dist/src, dist/generated), plus the bundled
// spec and the generated types the declarations refer to.
import { execFile } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
await rm(`${root}dist/src`, { recursive: true, force: true });
await rm(`${root}dist/generated`, { recursive: true, force: true });
await promisify(execFile)(`${root}node_modules/.bin/tsc`, ["-p", "tsconfig.build.json"], { cwd: root });
await mkdir(`${root}dist/generated`, { recursive: true });
for (const file of ["openapi.json", "openapi.yaml", "schema.d.ts"]) {
  await copyFile(`${root}generated/${file}`, `${root}dist/generated/${file}`);
}
console.log("built dist/src and dist/generated");
