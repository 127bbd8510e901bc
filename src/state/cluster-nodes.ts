/** One line of CLUSTER NODES, as far as the bot cares: who serves which slots. */
export interface ClusterNodeInfo {
  address: string;
  master: boolean;
  /** PFAIL or FAIL: the others cannot reach it. */
  failing: boolean;
  slots: [number, number][];
}

/** Parses CLUSTER NODES (`<id> <ip:port@bus[,host]> <flags> <master> <ping> <pong> <epoch> <link> <slot>…`); slots being moved (`[…]`) are left out. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8)
    .map((fields) => {
      const flags = fields[2]!.split(',');
      const slots = fields.slice(8).flatMap((range): [number, number][] => {
        const match = /^(\d+)(?:-(\d+))?$/.exec(range);
        return match ? [[Number(match[1]), Number(match[2] ?? match[1])]] : [];
      });
      return { address: fields[1]!.split('@')[0]!, master: flags.includes('master'), failing: flags.includes('fail') || flags.includes('fail?'), slots };
    });
}

/** The master serving `slot`, if any. */
export const ownerOfSlot = (nodes: ClusterNodeInfo[], slot: number): ClusterNodeInfo | undefined =>
  nodes.find((n) => n.master && n.slots.some(([from, to]) => slot >= from && slot <= to));

export const slotCount = (node: ClusterNodeInfo): number => node.slots.reduce((sum, [from, to]) => sum + to - from + 1, 0);
