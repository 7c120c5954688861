/**
 * The one DynamoDB DocumentClient per execution environment, and what every store needs around
 * it. Built at module scope so warm invocations reuse its connections (SDK v3 keeps them alive).
 * Locally the SDK reads AWS_ENDPOINT_URL_DYNAMODB, so there is no local-mode code here.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// A dependency of lib-dynamodb: the DocumentClient leaves exception payloads marshalled.
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** The low-level client; tests attach request counters to its middleware stack. */
export const dynamoDbClient = new DynamoDBClient({});

/** Marshals plain JS values; `undefined` attributes are dropped rather than rejected. */
export const ddb = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

/** True when `error` is DynamoDB's ConditionalCheckFailedException. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * Sends a conditional write: true when it was applied, false when its condition did not hold.
 * Any other error is thrown.
 */
export async function applied(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The item a failed conditional write handed back (`ReturnValuesOnConditionCheckFailure: ALL_OLD`),
 * as plain values: the exception carries it in DynamoDB's wire format (`{ S: … }`), which this
 * undoes unless it was done already. Undefined when none came.
 */
export function itemOfConditionFailure(error: unknown): Record<string, unknown> | undefined {
  const item = (error as { Item?: Record<string, AttributeValue> } | undefined)?.Item;
  if (!item) return undefined;
  const first = Object.values(item)[0];
  return typeof first === 'object' && first !== null ? unmarshall(item) : item;
}
