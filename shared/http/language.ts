/**
 * The language of an answer, from the caller's `Accept-Language` (RFC 9110 §12.5.4): French or
 * English, the two the API writes. Dependency-free, so a page's bundle may take it too.
 */

export type Language = 'fr' | 'en';

/** Text a person reads, in both languages (French first, as the payers read it). */
export interface Localized {
  fr: string;
  en: string;
}

/**
 * The language the caller prefers among French and English: the listed tag (`fr`, `fr-FR`,
 * `fr-BJ`, `en-GB`…) with the highest q-value, the first listed on a tie; `q=0` refuses a
 * language. `fallback` when neither is listed (`*`, `de`, no header): English for the API, French
 * for the hosted page.
 */
export function preferredLanguage(
  acceptLanguage: string | undefined,
  fallback: Language = 'en',
): Language {
  let best: { language: Language; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').slice(0, 1024).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const base = tag.trim().split('-')[0];
    if (base !== 'fr' && base !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { language: base, q };
  }
  return best?.language ?? fallback;
}

/** `text` in `language`; a plain string is the same in both. */
export function inLanguage(text: string | Localized, language: Language): string {
  return typeof text === 'string' ? text : text[language];
}
