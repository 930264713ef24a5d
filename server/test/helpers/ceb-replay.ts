import { isDeepStrictEqual } from 'node:util';
import { cebSamples } from '../../src/modules/ecommerce/index.ts';
import type { ServerProcess } from './server-process.ts';

const { SAMPLE_PARTIES: P, cebMessage, sampleGuid } = cebSamples;
export type SampleTransaction = cebSamples.SampleTransaction;

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type DocKind = 'order' | 'payment' | 'waybill' | 'list' | 'cancel' | 'refund';

const KINDS: Record<DocKind, { type: string; sender: keyof typeof P; guidKind: number }> = {
  order: { type: 'CEB311Message', sender: 'ebcCode', guidKind: 1 },
  payment: { type: 'CEB411Message', sender: 'payCode', guidKind: 2 },
  waybill: { type: 'CEB511Message', sender: 'logisticsCode', guidKind: 3 },
  list: { type: 'CEB621Message', sender: 'ebcCode', guidKind: 4 },
  cancel: { type: 'CEB623Message', sender: 'ebcCode', guidKind: 5 },
  refund: { type: 'CEB625Message', sender: 'ebcCode', guidKind: 6 },
};

/** One business document of the replay: its GUID, who sends it and its XML. */
export interface ReplayDoc {
  kind: DocKind;
  /** The transaction it belongs to (`ORD<n>`, `C<n>`). */
  n: number;
  guid: string;
  sender: string;
  type: string;
  xml: string;
}

/** One HTTP request: a CEBnnnMessage carrying several documents of one type and sender. */
export interface ReplayMessage {
  id: string;
  sender: string;
  docs: ReplayDoc[];
  body: string;
}

/** A document of the given kind for transaction `t` (builders of `cebSamples`, GUID by `n` and kind). */
export function replayDoc(kind: DocKind, t: SampleTransaction, xml: string): ReplayDoc {
  const { type, sender, guidKind } = KINDS[kind];
  const guid = sampleGuid(t.n, guidKind);
  if (!xml.includes(`<ceb:guid>${guid}</ceb:guid>`))
    throw new Error(`${kind} ${t.n}: GUID ${guid} not in XML`);
  return { kind, n: t.n, guid, sender: P[sender], type, xml };
}

/**
 * Groups documents into messages of up to `perMessage` documents of one type and sender, the
 * messages in a seeded random order (so a list may arrive before or after its order, payment, waybill).
 */
export function toMessages(
  docs: readonly ReplayDoc[],
  perMessage: number,
  random: () => number,
  prefix: string,
): ReplayMessage[] {
  const byType = new Map<string, ReplayDoc[]>();
  for (const doc of shuffled(docs, random)) {
    const group = byType.get(doc.type) ?? [];
    group.push(doc);
    byType.set(doc.type, group);
  }
  const messages: ReplayMessage[] = [];
  for (const [type, group] of byType) {
    for (let from = 0; from < group.length; from += perMessage) {
      const chunk = group.slice(from, from + perMessage);
      messages.push({
        id: `${prefix}/${type}/${from}`,
        sender: chunk[0]!.sender,
        docs: chunk,
        body: cebMessage(
          type,
          chunk[0]!.sender,
          chunk.map((d) => d.xml),
        ),
      });
    }
  }
  return shuffled(messages, random);
}

/** A per-document receipt as the gateway answers it. */
export interface AnsweredReceipt {
  id: string;
  guid: string;
  status: string;
  reasons?: { path: string; rule: string; params?: Record<string, unknown> }[];
  data?: Record<string, unknown>;
  createdAt: string;
}

interface GatewayResult {
  outcome: 'accepted' | 'duplicate' | 'guid_reused';
  guid: string;
  receipt?: AnsweredReceipt;
}

export interface DeliveryStats {
  /** Documents answered `accepted` / `duplicate`. */
  accepted: number;
  duplicate: number;
}

/**
 * Sends messages to a `jinguan serve` child, several at a time, and SIGKILLs it at seeded points:
 * after the k-th answer of a round and a few milliseconds more, while other requests are in flight.
 * A message is acknowledged when it got an HTTP 200 with one receipt per document; everything not
 * acknowledged is sent again to the restarted server, with a seeded sample of acknowledged ones.
 * Every answer is checked as it comes (see `problems`).
 */
export class CrashingDelivery {
  /** The first acknowledged receipt of every document, by sender and GUID. */
  readonly receipts = new Map<string, AnsweredReceipt>();
  readonly acknowledged = new Set<string>();
  /** Answers that break a promise of the inbox; the test expects none. */
  readonly problems: string[] = [];
  /** HTTP answers other than 200 (a server error is not a crash). */
  readonly httpErrors: string[] = [];
  kills = 0;
  /** Requests cut off by a kill (no answer). */
  interrupted = 0;
  private server: ServerProcess | undefined;
  private readonly sent: ReplayMessage[] = [];

  constructor(
    private readonly start: () => Promise<ServerProcess>,
    private readonly keys: Record<string, string>,
    private readonly random: () => number,
    private readonly concurrency = 4,
  ) {}

  /** Delivers every message until each is acknowledged, killing the server `kills` times on the way. */
  async deliver(messages: readonly ReplayMessage[], kills: number): Promise<DeliveryStats> {
    const stats: DeliveryStats = { accepted: 0, duplicate: 0 };
    let killsLeft = kills;
    for (let round = 0; ; round++) {
      const pending = messages.filter((m) => !this.acknowledged.has(m.id));
      if (pending.length === 0) break;
      if (round > kills + 2)
        throw new Error(
          `${pending.length} message(s) still unacknowledged after ${round} rounds: ${this.httpErrors.slice(-3).join('; ')}`,
        );
      this.server ??= await this.start();
      // After a restart, some acknowledged messages go again too (a sender unsure what got through).
      const repeats =
        round > 0 ? this.sent.filter((m) => this.acknowledged.has(m.id) && this.random() < 0.15) : [];
      const queue = shuffled([...pending, ...repeats], this.random);
      const killAfter =
        killsLeft > 0 ? 1 + Math.floor(this.random() * Math.max(1, Math.floor(pending.length / 2))) : 0;
      const killDelayMs = Math.floor(this.random() * 40);
      await this.round(queue, killAfter, killDelayMs, stats);
      if (killAfter > 0) killsLeft--;
      for (const m of pending) if (!this.sent.includes(m)) this.sent.push(m);
    }
    return stats;
  }

  /** Kills the server (if one runs) without counting it as one of the crashes. */
  async stop(): Promise<void> {
    await this.server?.kill();
    this.server = undefined;
  }

  private async round(
    queue: ReplayMessage[],
    killAfter: number,
    killDelayMs: number,
    stats: DeliveryStats,
  ): Promise<void> {
    const server = this.server!;
    let answered = 0;
    let dead = false;
    let killed: Promise<void> | undefined;
    const kill = () => {
      dead = true;
      return server.kill();
    };
    const worker = async () => {
      while (!dead && queue.length > 0) {
        const message = queue.shift()!;
        const answer = await this.post(server.url, message);
        if (answer === undefined) {
          if (dead) this.interrupted++;
          else this.httpErrors.push(`${message.id}: no answer from a live server:\n${server.log()}`);
          continue;
        }
        this.check(message, answer.status, answer.body, stats);
        if (++answered === killAfter)
          killed = new Promise((resolve) => setTimeout(resolve, killDelayMs)).then(kill);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    if (killAfter > 0) {
      // The queue may have run dry before the kill (or fewer answers came): kill all the same.
      await (killed ?? kill());
      this.kills++;
      this.server = undefined;
    }
  }

  private async post(
    url: string,
    message: ReplayMessage,
  ): Promise<{ status: number; body: string } | undefined> {
    try {
      const response = await fetch(`${url}/api/v1/ecommerce/messages`, {
        method: 'POST',
        headers: { 'x-api-key': this.keys[message.sender]!, 'content-type': 'application/xml' },
        body: message.body,
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return undefined;
    }
  }

  private check(message: ReplayMessage, status: number, body: string, stats: DeliveryStats): void {
    if (status !== 200) {
      this.httpErrors.push(`${message.id}: HTTP ${status} ${body.slice(0, 300)}`);
      return;
    }
    const results = (JSON.parse(body) as { results: GatewayResult[] }).results;
    const problem = (text: string) => {
      this.problems.push(`${message.id}: ${text}`);
    };
    if (results.length !== message.docs.length) {
      problem(`${results.length} results`);
      return;
    }
    const again = this.acknowledged.has(message.id);
    const outcomes = new Set(results.map((r) => r.outcome));
    // A message is one transaction: all of it was stored before, or none of it.
    if (outcomes.size > 1) problem(`mixed outcomes ${[...outcomes].join(', ')}`);
    if (again && !outcomes.has('duplicate')) problem('acknowledged before, answered as new');
    for (const [i, doc] of message.docs.entries()) {
      const result = results[i]!;
      if (result.guid !== doc.guid || !result.receipt || result.outcome === 'guid_reused') {
        problem(`${doc.guid}: ${JSON.stringify(result)}`);
        continue;
      }
      if (result.outcome === 'accepted') stats.accepted++;
      else stats.duplicate++;
      const key = `${doc.sender}|${doc.guid}`;
      const first = this.receipts.get(key);
      if (!first) this.receipts.set(key, result.receipt);
      else if (!isDeepStrictEqual(first, result.receipt))
        problem(
          `${doc.guid}: receipt ${JSON.stringify(result.receipt)} differs from ${JSON.stringify(first)}`,
        );
    }
    this.acknowledged.add(message.id);
  }
}
