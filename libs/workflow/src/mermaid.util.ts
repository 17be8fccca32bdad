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

/** A state as the SLA policy sees it: a case can stay in it (not final), or it only groups others. */
export interface StateInfo {
  path: string;
  /** Finished: closed (or an XState final state). */
  final: boolean;
  /** The paths of a parent state's children; empty for a state the case actually sits in. */
  children: string[];
}

/** Every state of the machine with what a deadline on it would mean. */
export function stateInfos(machine: AnyStateMachine): StateInfo[] {
  const out: StateInfo[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      // A closed case is finished even where REOPEN can start it again (it is then a new episode).
      out.push({ path: child.path.join('.'), final: child.type === 'final' || child.path[0] === 'closed', children: Object.values(child.states).map((c) => (c as AnyStateNode).path.join('.')) });
      visit(child);
    }
  };
  visit(machine.root);
  return out;
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
