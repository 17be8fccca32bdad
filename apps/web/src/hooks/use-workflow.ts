import { useEffect, useState } from 'react';
import { fetchWorkflow, fetchWorkflows } from '../api/rectify-api';
import type { CaseKind, Workflow } from '../api/types';
import { genericStateLabel, kindEventLabel } from '../i18n/labels';

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

/** Field names and event words of every kind, from the published machines; null until they arrive. */
export interface PublishedVocabulary {
  payloadLabels(kind: string | undefined, type: string): Record<string, string> | undefined;
  eventLabel(kind: string | undefined, type: string): string;
}

export function usePublishedVocabulary(): PublishedVocabulary {
  const [items, setItems] = useState<Workflow[]>([]);
  useEffect(() => {
    let live = true;
    // Without them the console's own copy of the same list names the fields.
    fetchWorkflows().then((w) => live && setItems(w), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const find = (kind: string | undefined, type: string) => items.find((w) => w.kind === kind)?.events.find((e) => e.type === type);
  return {
    payloadLabels: (kind, type) => find(kind, type)?.payloadLabels,
    eventLabel: (kind, type) => kindEventLabel(kind, type, find(kind, type)?.label),
  };
}

export function workflowStateLabel(workflow: Workflow | null, path: string | null): string {
  if (!path) return '—';
  return workflow?.states.find((s) => s.path === path)?.label ?? genericStateLabel(path);
}

/** An event as this kind of case calls it (交办 for a ledger item, 派单 for a 12345 order). */
export function workflowEventLabel(workflow: Workflow | null, type: string, kind?: string): string {
  return kindEventLabel(workflow?.kind ?? kind, type, workflow?.events.find((e) => e.type === type)?.label);
}

export function workflowPayloadLabels(workflow: Workflow | null, type: string): Record<string, string> | undefined {
  return workflow?.events.find((e) => e.type === type)?.payloadLabels;
}
