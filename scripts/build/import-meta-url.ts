// Injected into the CommonJS testing bundles (build.ts), where `import.meta.url` is defined as this:
// the bundle's own URL, which the simulator reads the spec and finds Prism relative to.
import { pathToFileURL } from "node:url";

export const importMetaUrl = pathToFileURL(__filename).href;
