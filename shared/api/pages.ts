/**
 * Contract of the hosted checkout page, the runtime half (docs half: checkouts.docs.ts), apart
 * from the checkout routes' so its bundle (a customer's first request, on a slow phone) loads no
 * request schema and no zod. The page reads its own path (an id that is no checkout's gets the
 * not-found page, not a 400), query (`lang`) and headers (`Accept-Language`, `Accept-Encoding`).
 */
import * as rows from '../../lib/routes.ts';
import type { Contract } from '../http/contract.ts';

export const checkoutPage = { route: rows.checkoutPage } satisfies Contract;
