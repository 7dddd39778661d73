import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type Page, api } from './api';

/**
 * A keyset-paginated list loaded page by page as the table scrolls (see DataTable's `onEnd`): the
 * browser holds only what was scrolled through, so 100k resources open as fast as 100.
 */
export function useKeysetList<T>(key: readonly unknown[], path: string, params: URLSearchParams, pageSize = 500) {
  const q = useInfiniteQuery({
    queryKey: [...key, params.toString()],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(params);
      qs.set('limit', String(pageSize));
      if (pageParam) qs.set('after', pageParam);
      return api<Page<T>>(`${path}?${qs}`);
    },
    getNextPageParam: (last) => last.next,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  const onEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { rows, more: Boolean(hasNextPage), loading: q.isLoading || isFetchingNextPage, error: q.error, onEnd };
}
