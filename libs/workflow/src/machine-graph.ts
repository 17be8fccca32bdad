import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export interface PublishedState {
  /** e.g. `rectifying.inProgress` */
  path: string;
  parent: string | null;
  /** The state its parent (or the machine) enters first. */
  initial: boolean;
  /** No transition leaves it. */
  final: boolean;
  /** Has sub-states; a case is always in one of its atomic sub-states. */
  compound: boolean;
}

export interface PublishedTransition {
  /** An atomic state. */
  from: string;
  event: string;
  /** The atomic state the case is in afterwards. */
  to: string;
  /** The condition on the case or the payload, when the machine has one (e.g. notSuspended). */
  guard?: string;
  /** The event changes the case without leaving the state (extensions, suspension, deadline events). */
  selfTransition: boolean;
}

export interface MachineGraph {
  states: PublishedState[];
  transitions: PublishedTransition[];
}

const pathOf = (node: AnyStateNode) => node.path.join('.');
const childrenOf = (node: AnyStateNode) => Object.values(node.states) as AnyStateNode[];

/** The atomic state entering `node` ends in (following initial states down). */
function entered(node: AnyStateNode): AnyStateNode {
  const first = node.initial?.target[0] as AnyStateNode | undefined;
  return first ? entered(first) : node;
}

function guardName(t: AnyTransitionDefinition): string | undefined {
  const guard = t.guard as string | { type?: string } | undefined;
  return typeof guard === 'string' ? guard : guard?.type;
}

/**
 * The machine as data, read from the XState definition itself: every atomic state's transitions,
 * its own and those it inherits from the states around it (a nearer state's handler of an event
 * wins), in the order the machine tries them.
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const nodes: AnyStateNode[] = [];
  const collect = (node: AnyStateNode) => childrenOf(node).forEach((child) => (nodes.push(child), collect(child)));
  collect(machine.root);

  const transitions: PublishedTransition[] = [];
  for (const node of nodes.filter((n) => childrenOf(n).length === 0)) {
    const from = pathOf(node);
    const claimed = new Set<string>();
    for (let scope: AnyStateNode | undefined = node; scope; scope = scope.parent) {
      for (const [event, definitions] of scope.transitions as Map<string, AnyTransitionDefinition[]>) {
        if (claimed.has(event)) continue;
        claimed.add(event);
        for (const t of definitions) {
          const targets = t.target?.length ? (t.target as AnyStateNode[]).map((target) => pathOf(entered(target))) : [from];
          for (const to of targets) {
            const guard = guardName(t);
            transitions.push({ from, event, to, ...(guard ? { guard } : {}), selfTransition: to === from });
          }
        }
      }
    }
  }

  const states = nodes.map((node): PublishedState => {
    const parent = node.parent && node.parent !== machine.root ? node.parent : null;
    const owner = node.parent ?? machine.root;
    const compound = childrenOf(node).length > 0;
    const path = pathOf(node);
    const leaves = compound ? transitions.filter((t) => t.from.startsWith(`${path}.`)) : transitions.filter((t) => t.from === path);
    return {
      path,
      parent: parent ? pathOf(parent) : null,
      initial: (owner.initial?.target[0] as AnyStateNode | undefined) === node,
      final: !leaves.some((t) => t.to !== path && !t.to.startsWith(`${path}.`)),
      compound,
    };
  });
  return { states, transitions };
}
