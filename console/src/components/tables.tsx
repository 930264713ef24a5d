import type { TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';

type Translate = (key: 'common.total', params: { n: number }) => string;

/** What a list query knows of its answer (react-query's fields). */
interface Answered {
  isSuccess: boolean;
  isPlaceholderData: boolean;
}

/**
 * A server-read table's empty text, said only once the answer for the current filters has come: while the
 * first request (or a new filter's, with the previous page standing in) is on its way, the table says
 * nothing, so "nothing here" is never said too soon (browser tests wait for it).
 */
export function emptyOnceAnswered(query: Answered, text: ReactNode): { emptyText: ReactNode } {
  return {
    emptyText: query.isSuccess && !query.isPlaceholderData ? <span data-testid="empty">{text}</span> : ' ',
  };
}

/** Paging done by the server: the page shown, its size, the total, and what a change of either asks for. */
export function serverPagination(
  t: Translate,
  paging: { page: number; pageSize: number },
  total: number | undefined,
  onChange: (paging: { page: number; pageSize: number }) => void,
): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showTotal: (n) => t('common.total', { n }),
    onChange: (page, pageSize) => onChange({ page, pageSize }),
  };
}
