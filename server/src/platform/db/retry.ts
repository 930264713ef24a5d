/** The shared SQLite transaction of a group ended under a member: the others' work was lost too (database.ts). */
export class GroupAbortedError extends Error {
  readonly code = 'JINGUAN_GROUP_ABORTED';
  constructor(cause: unknown) {
    super(`the group's transaction was aborted: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** True for failures that a retry of the whole transaction can cure: lock contention and serialization. */
export function isRetryableDbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_LOCKED' ||
    code === 'JINGUAN_GROUP_ABORTED' || // another member's failure ended a SQLite group (database.ts)
    code === '40001' || // serialization_failure
    code === '40P01' // deadlock_detected
  );
}

export function backoffMs(attempt: number, baseMs = 5, capMs = 500): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
