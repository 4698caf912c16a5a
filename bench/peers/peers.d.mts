// Types for scripts/bench.ts, which is type-checked with the project's strict settings.
export interface Peer {
  name: string;
  version: string;
  /** Exactly one POST through the SDK; resolves with its parsed result. */
  call: () => Promise<unknown>;
  close?: () => Promise<void>;
}
export declare const peerNames: readonly string[];
export declare function peersInstalled(): boolean;
export declare function baseline(baseUrl: string): Peer;
export declare function createPeer(name: string, baseUrl: string): Promise<Peer>;
export declare function createPeers(
  baseUrl: string,
  options: { requestCount: () => number | Promise<number> },
): Promise<Peer[]>;
export declare const specs: Record<
  string,
  { pkg: string; load: () => Promise<unknown>; create: (mod: any, baseUrl: string) => Omit<Peer, "name" | "version"> }
>;
