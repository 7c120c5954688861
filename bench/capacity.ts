/**
 * Measures what DynamoDB bills, not just how many requests are sent: an SDK middleware asks every
 * command for `ReturnConsumedCapacity: INDEXES` and adds up what DynamoDB Local answers (the
 * table's units plus each global secondary index's, which the service bills as well: a write that
 * changes a projected attribute also writes the index). For writes to a payment item it also asks
 * for the item as written (`ReturnValues: ALL_NEW` when the caller asked for nothing, which costs
 * no capacity) and records its size under DynamoDB's item size rules, so the report can show how
 * the item grows along a payment's life.
 *
 * Not measured: a write whose condition fails is billed too (1 WRU or the item's size), but the
 * exception carries no ConsumedCapacity; the flows priced by the bench have none on their happy path.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { paymentIdOf } from '../shared/keys.ts';

// biome-ignore lint/suspicious/noExplicitAny: works with the client's input and output types
type AnyClient = { middlewareStack: MiddlewareStack<any, any> };

/** One write to a payment item: which operation, its size once written, and what it was billed. */
export interface PaymentWrite {
  operation: string;
  /** DynamoDB item size (attribute names + values) of the item once written, bytes. */
  itemBytes: number;
  /** Billed write units: table and each index that was written. */
  units: Record<string, number>;
  /** Top-level attributes the write set or removed (from its UpdateExpression or Put item). */
  attributes: string[];
}

export interface CapacityMeter {
  /** Write units billed since the last reset (table + indexes). */
  wru(): number;
  /** Read units billed since the last reset (table + indexes). */
  rru(): number;
  /** Units by table / index name, since the last reset. */
  byTarget(): Record<string, { wru: number; rru: number }>;
  /** Write units by the entity written (the key prefix: `PAYMENT`, `WEBHOOK`, `RATE`). */
  byEntity(): Record<string, number>;
  paymentWrites(): PaymentWrite[];
  reset(): void;
  detach(): void;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** Size of one attribute value under DynamoDB's item size rules (docs: "Item sizes and formats"). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) {
    // About one byte per two significant digits, plus one.
    const digits = value.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [k, v]) => sum + Buffer.byteLength(k, 'utf8') + 1 + valueSize(v),
        0,
      )
    );
  }
  if (value.SS !== undefined) return value.SS.reduce((s, v) => s + Buffer.byteLength(v), 0);
  if (value.NS !== undefined) return value.NS.reduce((s, v) => s + valueSize({ N: v }), 0);
  return 0;
}

/** Size of an item (marshalled or plain) under DynamoDB's rules: names + values. */
export function itemSize(item: Record<string, unknown>): number {
  const marshalled = isMarshalled(item)
    ? (item as Record<string, AttributeValue>)
    : marshall(item, { removeUndefinedValues: true });
  return Object.entries(marshalled).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueSize(value),
    0,
  );
}

/** Each attribute's share of the item size, largest first. */
export function itemSizeByAttribute(item: Record<string, unknown>): [string, number][] {
  const marshalled = isMarshalled(item)
    ? (item as Record<string, AttributeValue>)
    : marshall(item, { removeUndefinedValues: true });
  return Object.entries(marshalled)
    .map(([name, value]): [string, number] => [
      name,
      Buffer.byteLength(name, 'utf8') + valueSize(value),
    ])
    .sort((a, b) => b[1] - a[1]);
}

function isMarshalled(item: Record<string, unknown>): boolean {
  const pk = item.pk as Record<string, unknown> | undefined;
  return typeof pk === 'object' && pk !== null && typeof pk.S === 'string';
}

function pkOf(input: Record<string, unknown>): string | undefined {
  const source = (input.Key ?? input.Item) as Record<string, unknown> | undefined;
  const pk = source?.pk as unknown;
  if (typeof pk === 'string') return pk;
  if (pk && typeof pk === 'object' && typeof (pk as { S?: unknown }).S === 'string') {
    return (pk as { S: string }).S;
  }
  return undefined;
}

function attributesOf(operation: string, input: Record<string, unknown>): string[] {
  if (operation === 'PutItem') return Object.keys((input.Item as object) ?? {});
  const expression = String(input.UpdateExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const found = new Set<string>();
  for (const clause of expression.split(/\b(?=SET |REMOVE |ADD |DELETE )/)) {
    const body = clause.replace(/^(SET|REMOVE|ADD|DELETE) /, '');
    for (const part of body.split(',')) {
      const name = part.trim().split(/[\s=.[]/)[0] ?? '';
      if (!name || name.startsWith(':')) continue;
      found.add(names[name] ?? name);
    }
  }
  return [...found];
}

interface Capacity {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

let sequence = 0;

/** Attaches the meter to a DynamoDB client (a DocumentClient shares its client's stack). */
export function measureCapacity(client: AnyClient): CapacityMeter {
  const name = `capacityMeter${++sequence}`;
  let targets: Record<string, { wru: number; rru: number }> = {};
  let writes: PaymentWrite[] = [];
  let entities: Record<string, number> = {};
  const add = (target: string, kind: 'wru' | 'rru', units: number) => {
    const entry = targets[target] ?? { wru: 0, rru: 0 };
    entry[kind] += units;
    targets[target] = entry;
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const isWrite = WRITE_OPERATIONS.has(operation);
      const paymentWrite = isWrite && paymentIdOf(pkOf(input)) !== undefined;
      if (!('ReturnConsumedCapacity' in input) || input.ReturnConsumedCapacity === 'NONE') {
        input.ReturnConsumedCapacity = 'INDEXES';
      }
      if (paymentWrite && operation === 'UpdateItem' && !input.ReturnValues) {
        input.ReturnValues = 'ALL_NEW';
      }
      const result = await next(args);
      const output = result.output as {
        ConsumedCapacity?: Capacity | Capacity[];
        Attributes?: Record<string, unknown>;
      };
      const list = Array.isArray(output.ConsumedCapacity)
        ? output.ConsumedCapacity
        : output.ConsumedCapacity
          ? [output.ConsumedCapacity]
          : [];
      const units: Record<string, number> = {};
      for (const c of list) {
        const kind = isWrite ? 'wru' : 'rru';
        const table = c.Table?.CapacityUnits;
        const indexes = Object.entries(c.GlobalSecondaryIndexes ?? {});
        if (table === undefined && indexes.length === 0) {
          add('table', kind, c.CapacityUnits ?? 0);
          units.table = c.CapacityUnits ?? 0;
          continue;
        }
        if (table !== undefined) {
          add('table', kind, table);
          units.table = table;
        }
        for (const [index, value] of indexes) {
          add(index, kind, value.CapacityUnits ?? 0);
          units[index] = value.CapacityUnits ?? 0;
        }
      }
      if (isWrite) {
        const entity = pkOf(input)?.split('#')[0] ?? 'unknown';
        entities[entity] =
          (entities[entity] ?? 0) + Object.values(units).reduce((a, b) => a + b, 0);
      }
      if (paymentWrite) {
        const item =
          operation === 'PutItem'
            ? (input.Item as Record<string, unknown>)
            : (output.Attributes ?? {});
        writes.push({
          operation,
          itemBytes: itemSize(item),
          units,
          attributes: attributesOf(operation, input),
        });
      }
      return result;
    },
    { step: 'initialize', priority: 'low', name, override: true },
  );
  const sum = (kind: 'wru' | 'rru') =>
    Object.values(targets).reduce((total, entry) => total + entry[kind], 0);
  return {
    wru: () => sum('wru'),
    rru: () => sum('rru'),
    byTarget: () => structuredClone(targets),
    paymentWrites: () => structuredClone(writes),
    byEntity: () => ({ ...entities }),
    reset: () => {
      targets = {};
      writes = [];
      entities = {};
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
