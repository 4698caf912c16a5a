// An esbuild plugin for every bundle of the client (dist and the bench's browser bundle), for the
// libphonenumber-js it inlines:
// - the package's es6-modern build instead of es6: the same source compiled without the Babel
//   helpers for classes and object spread, which cost time on every parse and bytes in the bundle;
// - its matchesEntirely helper replaced by src/phone-patterns.ts, which compiles each metadata
//   pattern once instead of on every match;
// - PhoneNumber's formatting left out: the client reads only `number` (E.164, built without it),
//   and the shipped metadata has no formatting rules to drive it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

const patterns = fileURLToPath(new URL("../src/phone-patterns.ts", import.meta.url));
const inLibrary = /[\\/]libphonenumber-js[\\/]/;
/** What PhoneNumber's format methods say in the built client. */
export const NO_FORMATTING = "pingone-mfa: phone number formatting is not included (the shipped metadata has no formatting rules)";

export const phoneLibraryPlugin: Plugin = {
  name: "phone-library",
  setup(build) {
    // The package declares its modules free of side effects; a path a plugin resolves must say so again.
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!inLibrary.test(args.importer)) return undefined;
      if (/\/matchesEntirely\.js$/.test(args.path)) return { path: patterns, sideEffects: false };
      if (args.path === "./format.js" && /[\\/]PhoneNumber\.js$/.test(args.importer)) return { path: "format", namespace: "phone-library", sideEffects: false };
      const target = join(dirname(args.importer), args.path);
      return { path: target.replace(/([\\/]libphonenumber-js[\\/])es6([\\/])/, "$1es6-modern$2"), sideEffects: false };
    });
    build.onLoad({ filter: /^format$/, namespace: "phone-library" }, () => ({
      contents: `export default function formatNumber() { throw new Error(${JSON.stringify(NO_FORMATTING)}); }`,
      loader: "js",
    }));
  },
};
