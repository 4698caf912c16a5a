// `npm run build`: the package's dist/. The three main entries are single files built by esbuild
// (dist/index.js for fetch runtimes, dist/index.browser.js for browsers, dist/index.node.js for
// Node), with libphonenumber-js inlined so the first import reads one module instead of eighty;
// tsc writes the declarations and the testing entries, pingone-mfa/testing and pingone-mfa/msw
// (dist/src, dist/generated), and the bundled spec is copied beside them.
// Beside them, a CommonJS build for `require` (the exports' "require" conditions): Node's own
// require could load the ES modules (require(esm), Node 20.19), but Jest's default mode cannot
// ("Must use import to load ES Module"). dist/index.cjs, dist/index.node.cjs, dist/index.browser.cjs
// (Jest's jsdom environment asks for "browser") and dist/src/testing/{index,msw}.cjs, with .d.cts
// declarations next to the .d.ts ones. No source maps for these: their ESM twins have them, and
// each would add about 470 kB to the package; the bundles are not minified and name their sources.
// An error from one build passes `instanceof` with the other's class: see src/errors/errors.ts
// and docs/packaging.md.
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { buildDocs } from "./docs.ts";
import { phoneLibraryPlugin } from "./phone-library-plugin.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = `${root}dist`;
await Promise.all(
  [
    "src",
    "generated",
    "index.js",
    "index.js.map",
    "index.browser.js",
    "index.browser.js.map",
    "index.node.js",
    "index.node.js.map",
    "index.cjs",
    "index.node.cjs",
    "index.browser.cjs",
    "lazy",
  ].map((p) => rm(`${dist}/${p}`, { recursive: true, force: true })),
);
await promisify(execFile)(`${root}node_modules/.bin/tsc`, ["-p", "tsconfig.build.json"], { cwd: root });
await mkdir(`${dist}/generated`, { recursive: true });
for (const file of [
  "openapi.json",
  "openapi.sdk.json",
  "openapi.yaml",
  "openapi.deref.json",
  "openapi.3.0.json",
  "pingone-mfa.postman_collection.json",
  "schema.d.ts",
])
  await copyFile(`${root}generated/${file}`, `${dist}/generated/${file}`);

const phone = JSON.parse(await readFile(`${root}node_modules/libphonenumber-js/package.json`, "utf8"));
const shared: BuildOptions = {
  bundle: true,
  format: "esm",
  target: "es2022",
  sourcemap: true,
  // openapi-fetch stays a dependency: its types are part of `raw`, and it is one small module.
  external: ["openapi-fetch"],
  banner: { js: `// pingone-mfa. Includes libphonenumber-js ${phone.version} (MIT, see THIRD-PARTY-NOTICES.md).` },
  logLevel: "warning",
  plugins: [phoneLibraryPlugin],
};
// What only some clients run (observe.ts: the log and hook records; raw-calls.ts: a raw call) is
// imported on first use. In the ES module entries it stays a separate file, dist/lazy/*.js, so an
// app's bundler makes it a chunk of its own instead of finding it inlined in the entry; the two
// import types only (their values come from the entry), so each is whole alone. The CommonJS
// builds and the contract command inline them (no import() there).
const lazyModules: Record<string, string> = {
  observe: `${root}src/transport/observe.ts`,
  "raw-calls": `${root}src/client/raw-calls.ts`,
};
await build({
  ...shared,
  entryPoints: lazyModules,
  outdir: `${dist}/lazy`,
  platform: "neutral",
  banner: { js: "// pingone-mfa: loaded on first use by dist/index.js, index.browser.js and index.node.js." },
  plugins: [],
});
const lazyFiles: Plugin = {
  name: "lazy-files",
  setup(on) {
    on.onResolve({ filter: /^\.\/(observe|raw-calls)\.js$/ }, (args) => {
      const name = args.path.slice(2, -3);
      if (args.kind !== "dynamic-import" || `${args.resolveDir}/${name}.ts` !== lazyModules[name]) return undefined;
      return { path: `./lazy/${name}.js`, external: true };
    });
  },
};
await build({
  ...shared,
  entryPoints: [`${root}src/index.ts`],
  outfile: `${dist}/index.js`,
  platform: "neutral",
  mainFields: ["module", "main"],
  plugins: [...shared.plugins!, lazyFiles],
});
await build({
  ...shared,
  entryPoints: [`${root}src/index.browser.ts`],
  outfile: `${dist}/index.browser.js`,
  platform: "browser",
  plugins: [...shared.plugins!, lazyFiles],
});
await build({
  ...shared,
  entryPoints: [`${root}src/index.node.ts`],
  outfile: `${dist}/index.node.js`,
  platform: "node",
  plugins: [...shared.plugins!, lazyFiles],
});
// The CommonJS build. openapi-fetch has a CommonJS entry of its own: `mfa.raw`'s import() of it
// becomes a require (Jest's default mode has no import()). That entry marks itself __esModule with
// `exports.default`, which esbuild's Node-style interop for this "type": "module" source would not
// read, so the import goes through a module that takes the default by hand.
const openapiFetchRequire: Plugin = {
  name: "openapi-fetch-require",
  setup(on) {
    on.onResolve({ filter: /^openapi-fetch$/ }, (args) =>
      args.namespace === "openapi-fetch-require"
        ? { path: "openapi-fetch", external: true }
        : { path: "openapi-fetch", namespace: "openapi-fetch-require" },
    );
    on.onLoad({ filter: /.*/, namespace: "openapi-fetch-require" }, () => ({
      contents: `const m = require("openapi-fetch"); export default m.default ?? m;`,
      loader: "js",
    }));
  },
};
const cjs: BuildOptions = {
  ...shared,
  format: "cjs",
  platform: "node",
  sourcemap: false,
  supported: { "dynamic-import": false },
  plugins: [...shared.plugins!, openapiFetchRequire],
};
await build({
  ...cjs,
  entryPoints: [`${root}src/index.ts`],
  outfile: `${dist}/index.cjs`,
  platform: "neutral",
  mainFields: ["module", "main"],
});
await build({ ...cjs, entryPoints: [`${root}src/index.node.ts`], outfile: `${dist}/index.node.cjs` });
await build({
  ...cjs,
  entryPoints: [`${root}src/index.browser.ts`],
  outfile: `${dist}/index.browser.cjs`,
  platform: "browser",
});
// The testing entries, each one file where tsc put its ESM twin, so the paths they read relative to
// themselves (the spec, Prism's install) are the same. @noble/hashes (the simulator's TOTP) is ESM
// only, which Jest's require cannot load: it is inlined; msw and Prism stay the user's.
const noble = JSON.parse(await readFile(`${root}node_modules/@noble/hashes/package.json`, "utf8"));
await build({
  ...cjs,
  entryPoints: { index: `${root}src/testing/index.ts`, msw: `${root}src/testing/msw.ts` },
  outdir: `${dist}/src/testing`,
  outExtension: { ".js": ".cjs" },
  external: ["openapi-fetch", "msw", "@stoplight/*"],
  inject: [`${root}scripts/build/import-meta-url.ts`],
  define: { "import.meta.url": "importMetaUrl" },
  banner: {
    js: `// pingone-mfa. Includes libphonenumber-js ${phone.version} and @noble/hashes ${noble.version} (MIT, see THIRD-PARTY-NOTICES.md).`,
  },
});
await cjsDeclarations(["src/index.d.ts", "src/testing/index.d.ts", "src/testing/msw.d.ts"]);

/**
 * The declarations a CommonJS consumer reads: each .d.ts the entries reach, as a .d.cts beside it
 * with its relative specifiers ending .cjs, so TypeScript (5.4 on) sees CommonJS types all the way
 * down: a .d.cts that imported the ES-module .d.ts files would be refused below 5.8 (TS1479). The
 * text is otherwise the same, so each keeps its twin's declaration map.
 */
async function cjsDeclarations(entries: string[]) {
  const relative = /(["'])(\.\.?\/[^"'\n]*?)\.js\1/g;
  const seen = new Set<string>();
  const pending = entries.map((entry) => `${dist}/${entry}`);
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, "utf8");
    for (const [, , specifier] of text.matchAll(relative)) pending.push(resolve(dirname(file), `${specifier}.d.ts`));
    await writeFile(file.replace(/\.d\.ts$/, ".d.cts"), text.replace(relative, "$1$2.cjs$1"));
  }
}

// The contract command is one file too, the client inlined; it sits where tsc would have put it, so
// the spec it reads is dist/generated/openapi.json. Prism is loaded from the user's install.
await build({
  ...shared,
  entryPoints: [`${root}src/contract/cli.ts`],
  outfile: `${dist}/src/contract/cli.js`,
  platform: "node",
  // A command, not a library: no map (it would be the largest file of the package).
  sourcemap: false,
  external: ["openapi-fetch", "@stoplight/*"],
});
const license = await readFile(`${root}node_modules/libphonenumber-js/LICENSE`, "utf8");
const nobleLicense = await readFile(`${root}node_modules/@noble/hashes/LICENSE`, "utf8");
await writeFile(
  `${dist}/THIRD-PARTY-NOTICES.md`,
  `# Third-party code in dist/index.js, dist/index.browser.js, dist/index.node.js, their .cjs twins, dist/src/testing/index.cjs, dist/src/testing/msw.cjs and dist/src/contract/cli.js\n\n## libphonenumber-js ${phone.version}\n\n${phone.homepage ?? ""}\n\n\`\`\`\n${license.trim()}\n\`\`\`\n\n## @noble/hashes ${noble.version} (in dist/src/testing/index.cjs and dist/src/testing/msw.cjs only)\n\n${noble.homepage ?? ""}\n\n\`\`\`\n${nobleLicense.trim()}\n\`\`\`\n`,
);
console.log(
  "built dist/index.js, dist/index.browser.js, dist/index.node.js, their CommonJS twins (.cjs, .d.cts), dist/src (declarations, testing and msw entries, contract command) and dist/generated",
);
// The HTML reference (dist/docs/index.html), shipped in the package: scripts/build/docs.ts.
await buildDocs();
console.log("built dist/docs/index.html");
