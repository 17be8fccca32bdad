import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { machineGraph } from './machine-graph';

const idOf = (node: AnyStateNode) => node.path.join('_');

/**
 * A Mermaid stateDiagram-v2 drawn from the published graph (machineGraph), never by hand: the
 * state boxes, and every transition that changes state (self-transitions would loop on every box).
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];

  const visit = (node: AnyStateNode, indent: string) => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (node.initial) {
      const initial = node.initial.target[0] as AnyStateNode;
      lines.push(`${indent}[*] --> ${idOf(initial)}`);
    }
    for (const child of children) {
      const id = idOf(child);
      if (Object.keys(child.states).length) {
        lines.push(`${indent}state "${child.key}" as ${id} {`);
        visit(child, indent + '  ');
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${child.key}" as ${id}`);
      }
    }
  };
  visit(machine.root, '  ');
  const { transitions } = machineGraph(machine);
  const moves = transitions.filter((t) => !t.selfTransition);
  const id = (path: string) => path.replace(/\./g, '_');
  const edges = moves.map((t) => {
    // Guards are shown only where they pick between branches of one event (e.g. CALLBACK).
    const branching = moves.filter((o) => o.from === t.from && o.event === t.event).length > 1;
    return `  ${id(t.from)} --> ${id(t.to)} : ${t.event}${branching && t.guard ? ` [${t.guard}]` : ''}`;
  });
  return [...lines, ...new Set(edges)].join('\n');
}

/** Every state path of the machine, e.g. `rectifying.inProgress`. */
export function statePaths(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      out.push(child.path.join('.'));
      visit(child);
    }
  };
  visit(machine.root);
  return out;
}
