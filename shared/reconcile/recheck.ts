/**
 * The late-success watch list: EXPIRED payments stay findable through the byPendingCheck index
 * under `RECHECK#<shard>` (same sharding as `PENDING#`) for a few days after expiry, so the
 * reconciler asks FeexPay about them again. A confirmed success then moves the payment
 * EXPIRED → SUCCESSFUL through the transition function (which takes it out of this list).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.ts';
import { PAYMENT_SK, paymentPk, recheckPk } from '../payments/model.ts';
import { isConditionFailure, listDue, TABLE_NAME } from '../payments/repository.ts';

export { recheckPk };

/** Expired payments whose late-success re-check is due. */
export function listRecheckDue(now: Date, limit: number): Promise<string[]> {
  return listDue('RECHECK', now, limit);
}

/**
 * Puts an EXPIRED payment on (or moves it along) the watch list, or takes it off when `nextAt`
 * is undefined. Only once its expiry notification has left the outbox (the outbox owns the index
 * entry until then). The notifier's first attempt puts it on the list as it takes the outbox over
 * (`recordNotificationAttempt`); the reconciler does, when it re-flushes an outbox itself.
 */
export async function scheduleRecheck(
  id: string,
  nextAt: Date | undefined,
  attempt: number,
): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: paymentPk(id), sk: PAYMENT_SK },
        ...(nextAt
          ? {
              UpdateExpression: 'SET gsi3pk = :pk, gsi3sk = :next, recheckAttempts = :attempt',
              ExpressionAttributeValues: {
                ':pk': recheckPk(id),
                ':next': nextAt.toISOString(),
                ':attempt': attempt,
                ':expired': 'EXPIRED',
              },
            }
          : {
              UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
              ExpressionAttributeValues: { ':expired': 'EXPIRED' },
            }),
        ConditionExpression: '#status = :expired AND attribute_not_exists(outbox)',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
