/**
 * vitest globalSetup: one DynamoDB Local JVM for the whole run (~1 s and ~200 MB each, so not one
 * per test file). Test files reach it through `inject('dynamoDbEndpoint')`, or more simply through
 * `testTable()` / `startTestStack()` (test/support/), each of which creates a table with a unique
 * name on it. Without Java the endpoint is '' and those helpers fail with the one-line reason, so
 * unit tests still run.
 */
import type { TestProject } from 'vitest/node';
import { PrerequisiteError, startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the shared DynamoDB Local, or '' when it could not start. */
    dynamoDbEndpoint: string;
    /** Why it could not start ('' when it runs). */
    dynamoDbUnavailable: string;
  }
}

export default async function setup(project: TestProject) {
  try {
    const dynamo = await startDynamoDbLocal();
    project.provide('dynamoDbEndpoint', dynamo.endpoint);
    project.provide('dynamoDbUnavailable', '');
    return () => dynamo.stop();
  } catch (error) {
    if (!(error instanceof PrerequisiteError)) throw error;
    console.warn(`[global-setup] ${error.message}`);
    project.provide('dynamoDbEndpoint', '');
    project.provide('dynamoDbUnavailable', error.message);
    return undefined;
  }
}
