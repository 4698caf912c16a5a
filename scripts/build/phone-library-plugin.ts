// An esbuild plugin for every bundle of the client (dist and the bench's browser bundle), for the
// libphonenumber-js it inlines:
// - the package's es6-modern build instead of es6: the same source compiled without the Babel
//   helpers for classes and object spread, which cost time on every parse and bytes in the bundle;
// - its matchesEntirely helper replaced by scripts/build/phone-patterns.ts, which compiles each metadata
//   pattern once instead of on every match;
// - PhoneNumber's formatting and getPossibleCountries left out: the client reads only `number`
//   (E.164, built without them), and the shipped metadata has no formatting rules to drive it;
// - the parser's extension and RFC 3966 (`tel:`, `;phone-context=`) handling left out: the client
//   refuses every character they look for (letters, `#`, `;`, `,`, `:`) before the library sees
//   the text, so for what reaches it they find nothing. test/package/built-phone.test.ts
//   checks that the built entries decide every phone as the source does.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

const patterns = fileURLToPath(new URL("./phone-patterns.ts", import.meta.url));
const inLibrary = /[\\/]libphonenumber-js[\\/]/;
/** What PhoneNumber's format methods say in the built client. */
export const NO_FORMATTING =
  "pingone-mfa: phone number formatting is not included (the shipped metadata has no formatting rules)";

// The modules left out, by the file that imports them and what it imports: the code that stands in.
const leftOut: Record<string, { importer: RegExp; contents: string }> = {
  "./format.js": {
    importer: /[\\/]PhoneNumber\.js$/,
    contents: `export default function formatNumber() { throw new Error(${JSON.stringify(NO_FORMATTING)}); }`,
  },
  // Only PhoneNumber.getPossibleCountries() asks, and the client never does.
  "./helpers/getPossibleCountriesForNumber.js": {
    importer: /[\\/]PhoneNumber\.js$/,
    contents: `export default function getPossibleCountriesForNumber() { throw new Error("pingone-mfa: getPossibleCountries is not included"); }`,
  },
  // No extension: what the library returns when its pattern does not match.
  "./helpers/extension/extractExtension.js": {
    importer: /[\\/]parse\.js$/,
    contents: "export default function extractExtension() { return {}; }",
  },
  // The viability pattern allows an optional extension after the number: one that can never match
  // (an extension needs letters, `#`, `;` or `,`) leaves it deciding as before.
  "./extension/createExtensionPattern.js": {
    importer: /[\\/]isViablePhoneNumber\.js$/,
    contents: 'export default function createExtensionPattern() { return "(?!)"; }',
  },
  // No phone-context: the library then extracts the number from the whole text, as here.
  "./helpers/extractFormattedPhoneNumberFromPossibleRfc3966NumberUri.js": {
    importer: /[\\/]parse\.js$/,
    contents:
      "export default function extract(text, { extractFormattedPhoneNumber }) { return extractFormattedPhoneNumber(text) || undefined; }",
  },
};

export const phoneLibraryPlugin: Plugin = {
  name: "phone-library",
  setup(build) {
    // The package declares its modules free of side effects; a path a plugin resolves must say so again.
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!inLibrary.test(args.importer)) return undefined;
      if (/\/matchesEntirely\.js$/.test(args.path)) return { path: patterns, sideEffects: false };
      if (leftOut[args.path]?.importer.test(args.importer))
        return { path: args.path, namespace: "phone-library", sideEffects: false };
      const target = join(dirname(args.importer), args.path);
      return { path: target.replace(/([\\/]libphonenumber-js[\\/])es6([\\/])/, "$1es6-modern$2"), sideEffects: false };
    });
    build.onLoad({ filter: /.*/, namespace: "phone-library" }, (args) => ({
      contents: leftOut[args.path]!.contents,
      loader: "js",
    }));
  },
};
