import { useEffect, useState } from 'react';
import { fetchWorkflow } from '../api/rectify-api';
import type { CaseKind, Workflow } from '../api/types';
import { eventLabel, genericStateLabel } from '../i18n/labels';

/**
 * The machine definition of a kind: the latest, or `version` for a case still on an older one
 * (its diagram, state and event names are those of its own version).
 */
export function useWorkflow(kind: CaseKind | undefined, version?: number): Workflow | null {
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  useEffect(() => {
    if (!kind) return;
    let live = true;
    fetchWorkflow(kind, version).then((w) => live && setWorkflow(w), () => undefined);
    return () => {
      live = false;
    };
  }, [kind, version]);
  return workflow && workflow.kind === kind && (version === undefined || workflow.version === version) ? workflow : null;
}

export function workflowStateLabel(workflow: Workflow | null, path: string | null): string {
  if (!path) return '—';
  return workflow?.states.find((s) => s.path === path)?.label ?? genericStateLabel(path);
}

export function workflowEventLabel(workflow: Workflow | null, type: string): string {
  return workflow?.events.find((e) => e.type === type)?.label ?? eventLabel(type);
}
