import { Badge, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import type { Severity } from './api';

const SEVERITY_COLOR: Record<Severity, string> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'blue', info: 'gray' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray'} variant="filled" data-severity={severity}>
      {severity}
    </Badge>
  );
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export interface Col<T> {
  key: string;
  header: string;
  width?: number | string;
  render(row: T): ReactNode;
}

/**
 * A virtualised table: only the visible rows are in the DOM, so 100k rows stay fast. Rows have a
 * fixed height; the header stays put.
 */
export function DataTable<T>({
  rows,
  cols,
  rowKey,
  onRow,
  height = 560,
  empty = 'Nothing here yet.',
  onEnd,
}: {
  rows: T[];
  cols: Col<T>[];
  rowKey(r: T): string;
  onRow?(r: T): void;
  height?: number;
  empty?: string;
  /** Called when the last rows scroll into view: load the next keyset page. */
  onEnd?(): void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const ROW = 38;
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 12 });
  const items = v.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (onEnd && rows.length > 0 && last >= rows.length - 20) onEnd();
  }, [onEnd, last, rows.length]);
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div ref={parent} style={{ maxHeight: height, overflow: 'auto' }} data-testid="data-table">
      <Table striped highlightOnHover stickyHeader layout="fixed">
        <Table.Thead>
          <Table.Tr>
            {cols.map((c) => (
              <Table.Th key={c.key} style={{ width: c.width }}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 && <tr style={{ height: top }} />}
          {items.map((vi) => {
            const r = rows[vi.index] as T;
            return (
              <Table.Tr key={rowKey(r)} style={{ height: ROW, cursor: onRow ? 'pointer' : undefined }} onClick={onRow ? () => onRow(r) : undefined}>
                {cols.map((c) => (
                  <Table.Td key={c.key} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {c.render(r)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {bottom > 0 && <tr style={{ height: bottom }} />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
