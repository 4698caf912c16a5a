// Types of install.mjs (plain JavaScript, so .ci/run can call it before anything is built).
export function installRuntimes(): Promise<string | undefined>;
