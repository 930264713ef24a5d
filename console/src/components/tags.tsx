import { Tag, Typography } from 'antd';
import type { ChangeRequest, Channel, DeclarationStatus } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { chinaDateTime } from './china-time.ts';

const STATUS_COLOURS: Partial<Record<DeclarationStatus, string>> = {
  draft: 'default',
  declared: 'processing',
  channel_assigned: 'processing',
  under_review: 'warning',
  duty_assessed: 'cyan',
  duty_secured: 'cyan',
  inspection_ordered: 'orange',
  inspected: 'purple',
  released: 'success',
  closed: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export const CHANNEL_COLOURS: Record<Channel, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};

export function StatusTag({ status }: { status: DeclarationStatus }) {
  const { tx } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="status">
      {tx('status', status)}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: Channel | null }) {
  const { tx } = useI18n();
  if (!channel) return <span>—</span>;
  return <Tag color={CHANNEL_COLOURS[channel]}>{tx('channel', channel)}</Tag>;
}

/** A timestamp to the second, on the customs' clock (China Standard Time), whatever the browser's zone. */
export function when(iso: string | null | undefined): string {
  return chinaDateTime(iso);
}

const REQUEST_COLOURS: Record<ChangeRequest['status'], string> = {
  pending: 'processing',
  approved: 'success',
  refused: 'error',
};

/** An amendment or withdrawal request's kind and, when given, its status. */
export function RequestTag({
  kind,
  status,
}: {
  kind: ChangeRequest['kind'];
  status?: ChangeRequest['status'];
}) {
  const { tx } = useI18n();
  return (
    <>
      <Tag color={kind === 'withdraw' ? 'volcano' : 'blue'}>{tx('req.kind', kind)}</Tag>
      {status && (
        <Tag color={REQUEST_COLOURS[status]} data-testid="request-status">
          {tx('req.status', status)}
        </Tag>
      )}
    </>
  );
}

/**
 * A code by its name in the viewer's language (`<names>.<code>` in the catalogue, or `<names>.<name>`
 * when given) with the code itself in small text beside it, for officers who search and speak by
 * codes; only the code when the catalogue has no name for it.
 */
export function CodeLabel({ names, code, name }: { names: string; code: string; name?: string }) {
  const { t, has } = useI18n();
  const key = `${names}.${name ?? code}`;
  if (!has(key)) return <Typography.Text code>{code}</Typography.Text>;
  return (
    <span data-code={code}>
      {t(key)}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </span>
  );
}
