/**
 * GET openapi.json (public): the OpenAPI 3.1 description of the API. The document is generated at
 * build time (`npm run openapi` → docs/openapi.json) and bundled as JSON, so this function carries
 * neither the schemas nor the generator; body and ETag are computed once per execution environment.
 */
import doc from '../docs/openapi.json' with { type: 'json' };
import { openApiDocument } from '../shared/api/service.ts';
import { staticJsonHandler } from '../shared/http/static-json.ts';

export const handler = staticJsonHandler(openApiDocument, doc, { maxAgeSeconds: 300 });
