/**
 * The part of the Sentry SDK that `shared/sentry.ts` uses. In a stage with a DSN this module is
 * bundled as a file of its own (`sentry-sdk.mjs`) next to each handler in the Lambda asset, and
 * imported the first time an unexpected error is reported: the handler's own file never carries
 * the SDK, so a cold start without an error never parses it (docs/decisions.md, decision 39).
 * Run unbundled (tests, the local stack), it is an ordinary import.
 */
export {
  captureException,
  close,
  dedupeIntegration,
  flush,
  init,
  linkedErrorsIntegration,
  withScope,
} from '@sentry/aws-serverless';
