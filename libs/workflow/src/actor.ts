export const ROLES = ['inspector', 'supervisor', 'unit_officer', 'hotline_agent', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Which cases an actor may see: the whole county, or the subtree of their own unit. */
export type CaseScope = { readonly all: true } | { readonly all: false; readonly unitIds: readonly string[] };

export const WHOLE_COUNTY: CaseScope = { all: true };

/**
 * Kinds a unit-confined scope never sees, its own unit's included: an accountability (问责)
 * investigation is read by inspectors, supervisors and auditors only.
 */
export const UNIT_HIDDEN_KINDS: readonly string[] = ['accountability'];

/** The authenticated caller as the use cases see it; `system` is the sweeper. */
export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly unitId: string | null;
  /** What the actor may read: the county, or (pure unit officers) their unit's subtree. */
  readonly scope: CaseScope;
  /** Their own unit and the units below it: where they may act as a unit officer, whatever else they can read. */
  readonly unitSubtree: readonly string[];
  readonly system?: boolean;
}

export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  username: 'system',
  displayName: '系统',
  roles: [],
  unitId: null,
  scope: WHOLE_COUNTY,
  unitSubtree: [],
  system: true,
};

/** Only a pure unit officer is confined to their unit; any county-level role sees the county. */
export function scopeFor(roles: readonly Role[], ownSubtree: readonly string[]): CaseScope {
  const countyWide = roles.some((r) => r !== 'unit_officer');
  return countyWide ? WHOLE_COUNTY : { all: false, unitIds: ownSubtree };
}
