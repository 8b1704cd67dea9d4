"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorNotice } from "./error-notice";
import { NoData } from "./no-data";
import { Panel } from "./panel";
import { Skeleton } from "./skeleton";

/**
 * A panel that owns the loading, error and empty states of one query, and draws `children`
 * with the data once there is some.
 */
export function QueryPanel<T>({
  title,
  subtitle,
  actions,
  className,
  testId,
  query,
  isEmpty,
  empty,
  skeletonClassName,
  children,
}: {
  title: string;
  subtitle?: string;
  actions?: React.ReactNode;
  className?: string;
  testId?: string;
  query: UseQueryResult<T, { message: string }>;
  isEmpty: (data: T) => boolean;
  /** a panel-specific empty message; the default tells how to send traces */
  empty?: React.ReactNode;
  skeletonClassName?: string;
  children: (data: T) => React.ReactNode;
}) {
  let body: React.ReactNode;
  if (query.isPending) body = <Skeleton className={skeletonClassName} />;
  else if (query.isError) body = <ErrorNotice what={title.toLowerCase()} message={query.error.message} />;
  else if (isEmpty(query.data)) body = empty ?? <NoData />;
  else body = children(query.data);
  return (
    <Panel title={title} subtitle={subtitle} actions={actions} className={className} testId={testId}>
      {body}
    </Panel>
  );
}
