/**
 * GET openapi.json — the OpenAPI 3.1 description of the API (public). The document is generated at
 * build time (`npm run openapi` → docs/openapi.json) and bundled as JSON, so this function carries
 * neither the schemas nor the generator; body and ETag are computed once per execution environment.
 */
import doc from '../docs/openapi.json' with { type: 'json' };
import { staticJsonHandler } from '../shared/static-json.ts';

export const handler = staticJsonHandler(doc, { maxAgeSeconds: 300 });
