/**
 * The one DynamoDB DocumentClient per execution environment. Built at module scope so warm
 * invocations reuse its connections (SDK v3 keeps them alive). Locally the SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB, so there is no local-mode code here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The low-level client; tests attach request counters to its middleware stack. */
export const dynamoDbClient = new DynamoDBClient({});

/** Marshals plain JS values; `undefined` attributes are dropped rather than rejected. */
export const ddb = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
