/**
 * The one SQS client per execution environment (module scope, reused while warm). Locally the SDK
 * reads AWS_ENDPOINT_URL_SQS.
 */
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqs = new SQSClient({});
