// An esbuild plugin for every bundle of the client (dist and the bench's browser bundle), for the
// libphonenumber-js it inlines:
// - the package's es6-modern build instead of es6: the same source compiled without the Babel
//   helpers for classes and object spread, which cost time on every parse and bytes in the bundle;
// - its matchesEntirely helper replaced by src/phone-patterns.ts, which compiles each metadata
//   pattern once instead of on every match.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

const replacement = fileURLToPath(new URL("../src/phone-patterns.ts", import.meta.url));
const inLibrary = /[\\/]libphonenumber-js[\\/]/;

export const phoneLibraryPlugin: Plugin = {
  name: "phone-library",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!inLibrary.test(args.importer)) return undefined;
      // The package declares its modules free of side effects; a path a plugin resolves must say so again.
      if (/\/matchesEntirely\.js$/.test(args.path)) return { path: replacement, sideEffects: false };
      const target = join(dirname(args.importer), args.path);
      return { path: target.replace(/([\\/]libphonenumber-js[\\/])es6([\\/])/, "$1es6-modern$2"), sideEffects: false };
    });
  },
};
