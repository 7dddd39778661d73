import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

export interface GraphNode {
  id: string;
  name: string;
  type: string | null;
  account: string | null;
  hop: number;
}
export interface GraphEdge {
  from: string;
  to: string;
  kind: string;
}

const HOP_COLOUR = ['#e03131', '#1971c2', '#868e96'];

/** The short type (`ec2.instance`) makes a readable second label line. */
function label(n: GraphNode): string {
  const type = n.type ? n.type.replace(/^aws\./, '') : 'external';
  const name = n.name.length > 28 ? `${n.name.slice(0, 26)}…` : n.name;
  return `${name}\n${type}`;
}

/**
 * A resource's neighbourhood drawn by Cytoscape (loaded on first use): the resource in the
 * centre, rings by hop. Clicking a node that is in the inventory opens its page.
 */
export function NeighbourhoodGraph({
  root,
  nodes,
  edges,
  onOpen,
  height = 520,
}: {
  root: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  onOpen(id: string): void;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(0);
  const key = JSON.stringify([root, nodes, edges]);
  useEffect(() => {
    let cy: { destroy(): void; nodes(): { length: number } } | undefined;
    let gone = false;
    import('cytoscape')
      .then(({ default: cytoscape }) => {
        if (gone || !ref.current) return;
        const [r, ns, es] = JSON.parse(key) as [string, GraphNode[], GraphEdge[]];
        const c = cytoscape({
          container: ref.current,
          elements: [
            ...ns.map((n) => ({ data: { id: n.id, label: label(n), hop: n.hop, known: n.type !== null } })),
            ...es.map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, label: e.from === r || e.to === r ? e.kind : '' } })),
          ],
          style: [
            {
              selector: 'node',
              style: {
                label: 'data(label)',
                'text-wrap': 'wrap',
                'font-size': 9,
                'text-valign': 'bottom',
                'text-margin-y': 4,
                width: 18,
                height: 18,
                'background-color': (n: { data(k: string): number }) => HOP_COLOUR[Math.min(2, n.data('hop'))] ?? '#868e96',
              },
            },
            { selector: `node[id = ${JSON.stringify(r)}]`, style: { width: 30, height: 30, 'border-width': 3, 'border-color': '#000' } },
            { selector: 'node[!known]', style: { shape: 'diamond', 'background-color': '#fab005' } },
            {
              selector: 'edge',
              style: {
                width: 1.5,
                label: 'data(label)',
                'font-size': 8,
                color: '#495057',
                'curve-style': 'bezier',
                'target-arrow-shape': 'triangle',
                'line-color': '#adb5bd',
                'target-arrow-color': '#adb5bd',
              },
            },
          ],
          layout: {
            name: 'concentric',
            concentric: (n: { data(k: string): number }) => 10 - n.data('hop'),
            levelWidth: () => 1,
            minNodeSpacing: 30,
            animate: false,
          },
          wheelSensitivity: 0.3,
        });
        c.on('tap', 'node', (ev: { target: { id(): string; data(k: string): unknown } }) => {
          if (ev.target.data('known') && ev.target.id() !== r) open.current(ev.target.id());
        });
        cy = c;
        // Where each node was drawn, for keyboard-less automation (the e2e test clicks one) and debugging.
        ref.current.dataset.nodes = JSON.stringify(
          c.nodes().map((n: { id(): string; data(k: string): unknown; renderedPosition(): { x: number; y: number } }) => ({
            id: n.id(),
            hop: n.data('hop'),
            known: n.data('known'),
            ...n.renderedPosition(),
          })),
        );
        setReady(c.nodes().length);
      })
      .catch((e: unknown) => setFailed(String(e)));
    return () => {
      gone = true;
      cy?.destroy();
    };
  }, [key]);
  if (failed) return <Text c="red">Graph could not load: {failed}</Text>;
  return (
    <div
      ref={ref}
      data-testid="graph"
      data-node-count={ready}
      style={{ width: '100%', height, border: '1px solid #dee2e6', borderRadius: 6, background: '#fff' }}
    />
  );
}
