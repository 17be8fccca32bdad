import { useEffect, useRef, useState } from 'react';
import type { Workflow } from '../api/types';
import { workflowEventLabel, workflowStateLabel } from '../hooks/use-workflow';

const GUARD_LABELS: Record<string, string> = { callerUnsatisfied: '不满意' };

/** Mermaid state ids are state paths with '.' replaced by '_'. */
export const diagramId = (path: string) => path.replace(/\./g, '_');
const pathOf = (id: string) => id.replace(/_/g, '.');

/** The API's diagram with Chinese names and the current state highlighted. */
export function localizedDiagram(workflow: Workflow, currentPath: string): string {
  const lines = workflow.mermaid.split('\n').map((line) => {
    const state = line.match(/^(\s*)state "[^"]*" as (\S+)(.*)$/);
    if (state) return `${state[1]}state "${workflowStateLabel(workflow, pathOf(state[2]))}" as ${state[2]}${state[3]}`;
    const edge = line.match(/^(\s*\S+\s+-->\s+\S+\s*:\s*)([A-Z_]+)(?:\s*\[(\w+)\])?\s*$/);
    if (edge) {
      const guard = edge[3] ? `（${GUARD_LABELS[edge[3]] ?? edge[3]}）` : '';
      return `${edge[1]}${workflowEventLabel(workflow, edge[2])}${guard}`;
    }
    return line;
  });
  lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:2px,color:#1f2937');
  lines.push(`  class ${diagramId(currentPath)} current`);
  return lines.join('\n');
}

let renderCount = 0;

export function WorkflowDiagram({ workflow, stateDetail }: { workflow: Workflow; stateDetail: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const currentLabel = workflowStateLabel(workflow, stateDetail);

  useEffect(() => {
    let live = true;
    const source = localizedDiagram(workflow, stateDetail);
    (async () => {
      const { default: mermaid } = await import('mermaid');
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'neutral',
        fontFamily: 'inherit',
        state: { useMaxWidth: true },
      });
      const { svg } = await mermaid.render(`workflow-diagram-${++renderCount}`, source);
      if (!live || !container.current) return;
      container.current.innerHTML = svg;
      container.current.querySelector('svg')?.setAttribute('aria-hidden', 'true');
      setFailed(false);
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [workflow, stateDetail]);

  return (
    <figure className="diagram" data-current-state={diagramId(stateDetail)}>
      <figcaption>
        {workflow.label}流程（第 {workflow.version} 版），当前环节：<strong>{currentLabel}</strong>
      </figcaption>
      {failed ? (
        <ol className="diagram-fallback">
          {workflow.states.map((s) => (
            <li key={s.path} aria-current={s.path === stateDetail ? 'step' : undefined}>
              {s.label}
            </li>
          ))}
        </ol>
      ) : (
        <div className="diagram-canvas" ref={container} />
      )}
    </figure>
  );
}
