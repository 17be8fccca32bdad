/**
 * What the console keeps in memory for the signed-in person. Signing out (or a session that
 * expired, or a sign-out in another tab) empties every one, so the next person at a shared PC
 * starts from nothing.
 */
const clearers = new Set<() => void>();

export function onSessionEnd(clear: () => void): () => void {
  clearers.add(clear);
  return () => clearers.delete(clear);
}

export function clearSessionCaches(): void {
  for (const clear of clearers) clear();
}
