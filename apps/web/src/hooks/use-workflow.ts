import { useEffect, useState } from 'react';
import { fetchWorkflow } from '../api/rectify-api';
import type { CaseKind, Workflow } from '../api/types';
import { eventLabel, genericStateLabel } from '../i18n/labels';

export function useWorkflow(kind: CaseKind | undefined): Workflow | null {
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  useEffect(() => {
    if (!kind) return;
    let live = true;
    fetchWorkflow(kind).then((w) => live && setWorkflow(w), () => undefined);
    return () => {
      live = false;
    };
  }, [kind]);
  return workflow && workflow.kind === kind ? workflow : null;
}

export function workflowStateLabel(workflow: Workflow | null, path: string | null): string {
  if (!path) return '—';
  return workflow?.states.find((s) => s.path === path)?.label ?? genericStateLabel(path);
}

export function workflowEventLabel(workflow: Workflow | null, type: string): string {
  return workflow?.events.find((e) => e.type === type)?.label ?? eventLabel(type);
}
