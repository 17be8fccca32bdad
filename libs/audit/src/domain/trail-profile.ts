/**
 * The algorithms of a database's trail: SHA-256 and Ed25519, or the 国密 profile (SM3 and SM2).
 * It is chosen when the database's first event is written and never changes after, so every
 * chain link, log leaf and tree node of a process hashes with the one its database holds.
 */
export type TrailHash = 'sha256' | 'sm3';
export type TrailSignature = 'ed25519' | 'sm2';

export interface TrailProfile {
  hash: TrailHash;
  signature: TrailSignature;
}

export const DEFAULT_TRAIL_PROFILE: TrailProfile = { hash: 'sha256', signature: 'ed25519' };

let current: TrailProfile = DEFAULT_TRAIL_PROFILE;

/** Set once at start-up from the database (a process serves one database). */
export function useTrailProfile(profile: TrailProfile): void {
  current = { ...profile };
}

export function trailProfile(): TrailProfile {
  return current;
}

export const isGuomi = (p: TrailProfile) => p.hash === 'sm3' || p.signature === 'sm2';
