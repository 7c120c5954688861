/**
 * GET admin/ (public): the back office's page, HTML holding no data (its script calls the operator
 * routes with the operator's token). Contract: shared/api/admin.ts; page:
 * shared/back-office/page/page.ts; why public: docs/decisions.md, decision 57.
 */
import { adminPage } from '../shared/api/admin.ts';
import { CONTENT_SECURITY_POLICY, PAGE } from '../shared/back-office/page/page.ts';
import { staticPageHandler } from '../shared/http/static-page.ts';

export const handler = staticPageHandler(adminPage, PAGE, {
  contentType: 'text/html; charset=utf-8',
  // Short: a deployment's new page reaches operators within minutes.
  maxAgeSeconds: 300,
  headers: {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  },
});
