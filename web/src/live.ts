import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Live updates: the server's event stream (scan progress, new alerts) refreshes the queries that
 * show them, so an open Alerts or Scans page follows a running scan without reloading.
 */
export function useLiveUpdates(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events');
    const refresh = (keys: string[][]) => () => {
      for (const queryKey of keys) void qc.invalidateQueries({ queryKey });
    };
    es.addEventListener('alert.new', refresh([['alerts']]));
    es.addEventListener('scan.progress', refresh([['scans']]));
    es.addEventListener('scan.finished', refresh([['scans'], ['facets'], ['inventory'], ['findings']]));
    return () => es.close();
  }, [enabled, qc]);
}
