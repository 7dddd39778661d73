/** Keyset pagination: `after` is the last id of the previous page; ids are unique and indexed. */
export interface PageRequest {
  after?: string;
  limit?: number;
}
export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

export const MAX_PAGE = 1000;

export function pageLimit(req: PageRequest | undefined, fallback = 100): number {
  const n = req?.limit ?? fallback;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(n)));
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: items[items.length - 1]?.id as string };
}

/** `column IN (list)` that stays valid SQL for an empty list (it then matches nothing). */
export const NONE = ['\u0001none\u0001'];
export function nonEmpty(list: readonly string[]): string[] {
  return list.length ? [...list] : NONE;
}
