import type { AnyStateMachine, AnyStateNode } from 'xstate';

const idOf = (node: AnyStateNode) => node.path.join('_');

/** A Mermaid stateDiagram-v2 generated from the machine definition itself (never drawn by hand). */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const edges: string[] = [];

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
      for (const [event, transitions] of child.transitions) {
        // Guards are shown only where they pick between branches of one event (e.g. CALLBACK).
        const branching = transitions.length > 1;
        for (const t of transitions) {
          for (const target of t.target ?? []) {
            const name = typeof t.guard === 'string' ? t.guard : (t.guard as { type?: string } | undefined)?.type;
            const guard = branching && name ? ` [${name}]` : '';
            edges.push(`  ${id} --> ${idOf(target as AnyStateNode)} : ${event}${guard}`);
          }
        }
      }
    }
  };
  visit(machine.root, '  ');
  return [...lines, ...[...new Set(edges)]].join('\n');
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
