export declare const DEFAULT_BODY: Record<string, unknown>;
export interface Loopback {
  url: string;
  readonly count: number;
  readonly connections: number;
  readonly last:
    | { method: string; path: string; headers: Record<string, string | string[] | undefined>; bytes: number }
    | undefined;
  close: () => Promise<void>;
}
export declare function startLoopback(options?: { status?: number; body?: unknown }): Promise<Loopback>;
