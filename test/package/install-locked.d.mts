// Types of install-locked.mjs (plain JavaScript, so .ci/run can call it before anything is built).
export function installLocked(dir: string): Promise<string | undefined>;
export function installRuntimes(dir: string): Promise<string | undefined>;
