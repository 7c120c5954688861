/**
 * Our words for what is wrong with a field, in French and English: the one error map every request
 * schema goes through (shared/http/request.ts reads bodies, queries and paths with it), so a new
 * schema gets our messages without writing any. zod's own text ("Too big: expected number to be
 * <=100") never reaches a caller.
 *
 * - Each zod issue kind (missing, wrong type, too small or too big, format, enum, union, record
 *   key, unknown field) has a message naming the field and saying what to send.
 * - A field that needs its own words (a payment code, a URL, an order id) gives them in its schema
 *   as `said({ fr, en })`: zod carries the English one, and this module finds the French.
 *
 * Checks that zod cannot express (the catalog: network, amount bounds, phone) build their
 * `FieldIssue`s with both languages themselves.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../errors.ts';
import type { Localized } from './language.ts';

/** English → French, for every message a schema gives with `said`. */
const FRENCH = new Map<string, string>();

/**
 * A schema's own message in both languages; returns the English text, which zod carries:
 * `z.string().regex(CODE, said({ fr: 'Le code…', en: 'The code…' }))`.
 */
export function said(text: Localized): string {
  FRENCH.set(text.en, text.fr);
  return text.en;
}

/** The French of a message given with `said`, if it was. */
export function frenchOf(english: string): string | undefined {
  return FRENCH.get(english);
}

type Issue = z.core.$ZodIssue;

const TYPES: Record<string, Localized> = {
  string: { fr: 'du texte (une chaîne JSON)', en: 'text (a JSON string)' },
  number: { fr: 'un nombre', en: 'a number' },
  int: { fr: 'un nombre entier', en: 'a whole number' },
  bigint: { fr: 'un nombre entier', en: 'a whole number' },
  boolean: { fr: 'true ou false', en: 'true or false' },
  object: { fr: 'un objet JSON', en: 'a JSON object' },
  record: { fr: 'un objet JSON', en: 'a JSON object' },
  array: { fr: 'une liste JSON', en: 'a JSON list' },
  tuple: { fr: 'une liste JSON', en: 'a JSON list' },
  null: { fr: 'null', en: 'null' },
  date: { fr: 'une date', en: 'a date' },
};

const FORMATS: Record<string, Localized> = {
  email: { fr: 'une adresse e-mail', en: 'an email address' },
  datetime: {
    fr: 'une date et heure ISO 8601 avec fuseau (2026-01-31T12:00:00Z)',
    en: 'an ISO 8601 date and time with a zone (2026-01-31T12:00:00Z)',
  },
  date: { fr: 'une date ISO 8601 (2026-01-31)', en: 'an ISO 8601 date (2026-01-31)' },
  url: { fr: 'une URL', en: 'a URL' },
  uuid: { fr: 'un UUID', en: 'a UUID' },
};

function typeName(expected: string): Localized {
  return TYPES[expected] ?? { fr: 'une valeur valide', en: 'a valid value' };
}

function both(fr: string, en: string): Localized {
  return { fr, en };
}

/** How many of what: `100 caractères` / `100 characters`, `10 éléments` / `10 items`. */
function sized(origin: string, n: number | bigint): Localized {
  const count = String(n);
  const one = count === '1';
  if (origin === 'string') {
    return both(`${count} caractère${one ? '' : 's'}`, `${count} character${one ? '' : 's'}`);
  }
  if (origin === 'array' || origin === 'set') {
    return both(`${count} élément${one ? '' : 's'}`, `${count} item${one ? '' : 's'}`);
  }
  return both(count, count);
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>, f: string): Localized {
  const { origin, minimum, inclusive } = issue;
  if (origin === 'string' && Number(minimum) === 1 && inclusive !== false) {
    return both(`${f} ne doit pas être vide.`, `${f} must not be empty.`);
  }
  if ((origin === 'array' || origin === 'set') && Number(minimum) === 1) {
    return both(`${f} doit contenir au moins un élément.`, `${f} must hold at least one item.`);
  }
  if ((origin === 'number' || origin === 'int') && Number(minimum) === 0 && !inclusive) {
    return both(`${f} doit être supérieur à 0.`, `${f} must be greater than 0.`);
  }
  const n = sized(origin, minimum);
  if (issue.exact) return both(`${f} doit compter ${n.fr}.`, `${f} must have ${n.en}.`);
  if (origin === 'string' || origin === 'array' || origin === 'set') {
    return both(`${f} doit compter au moins ${n.fr}.`, `${f} must have at least ${n.en}.`);
  }
  return inclusive === false
    ? both(`${f} doit être supérieur à ${n.fr}.`, `${f} must be greater than ${n.en}.`)
    : both(`${f} doit valoir au moins ${n.fr}.`, `${f} must be at least ${n.en}.`);
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>, f: string): Localized {
  const { origin, maximum, inclusive } = issue;
  const n = sized(origin, maximum);
  if (issue.exact) return both(`${f} doit compter ${n.fr}.`, `${f} must have ${n.en}.`);
  if (origin === 'string' || origin === 'array' || origin === 'set') {
    return both(`${f} doit compter au plus ${n.fr}.`, `${f} must have at most ${n.en}.`);
  }
  return inclusive === false
    ? both(`${f} doit être inférieur à ${n.fr}.`, `${f} must be less than ${n.en}.`)
    : both(`${f} doit valoir au plus ${n.fr}.`, `${f} must be at most ${n.en}.`);
}

/** The kinds of value a union takes, from what each of its options expected. */
function unionKinds(issue: Extract<Issue, { code: 'invalid_union' }>): Localized | undefined {
  const expected = [
    ...new Set(
      issue.errors.flatMap((option) =>
        option.flatMap((i) =>
          i.code === 'invalid_type' && i.path.length === 0 ? [i.expected] : [],
        ),
      ),
    ),
  ];
  if (expected.length === 0) return undefined;
  const names = expected.map(typeName);
  const join = (language: 'fr' | 'en', or: string) => {
    const words = names.map((n) => n[language]);
    return words.length === 1
      ? (words[0] as string)
      : `${words.slice(0, -1).join(', ')} ${or} ${words.at(-1)}`;
  };
  return both(join('fr', 'ou'), join('en', 'or'));
}

/**
 * Our message for one zod issue at `field` (`amount`, `query.limit`, `customer.email`), in both
 * languages. `issue.input` must be reported (parse with `reportInput: true`) to tell a missing
 * field from a wrong one.
 */
export function fieldMessage(issue: Issue, field: string): Localized {
  const fr = frenchOf(issue.message);
  if (fr !== undefined) return { fr, en: issue.message };
  const f = field;
  switch (issue.code) {
    case 'invalid_type': {
      const kind = typeName(issue.expected);
      if (issue.input === undefined) {
        return both(
          `${f} est obligatoire : envoyez ${kind.fr}.`,
          `${f} is required: send ${kind.en}.`,
        );
      }
      return both(`${f} doit être ${kind.fr}.`, `${f} must be ${kind.en}.`);
    }
    case 'too_small':
      return tooSmall(issue, f);
    case 'too_big':
      return tooBig(issue, f);
    case 'invalid_format': {
      const format = FORMATS[issue.format];
      if (format) return both(`${f} doit être ${format.fr}.`, `${f} must be ${format.en}.`);
      return both(
        `${f} n’a pas la forme attendue (voir la référence de l’API).`,
        `${f} is not in the expected form (see the API reference).`,
      );
    }
    case 'not_multiple_of':
      return both(
        `${f} doit être un multiple de ${issue.divisor}.`,
        `${f} must be a multiple of ${issue.divisor}.`,
      );
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return issue.values.length === 1
        ? both(`${f} doit valoir ${values}.`, `${f} must be ${values}.`)
        : both(
            `${f} doit être l’une de ces valeurs : ${values}.`,
            `${f} must be one of ${values}.`,
          );
    }
    case 'invalid_union': {
      const kinds = unionKinds(issue);
      if (kinds) return both(`${f} doit être ${kinds.fr}.`, `${f} must be ${kinds.en}.`);
      break;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      if (inner) {
        const about = fieldMessage(inner, 'la clé');
        const aboutEn = fieldMessage(inner, 'the key');
        return both(
          `Une clé de ${f} n’est pas valide : ${about.fr}`,
          `A key of ${f} is not valid: ${aboutEn.en}`,
        );
      }
      break;
    }
    case 'invalid_element': {
      const inner = issue.issues[0];
      if (inner) return fieldMessage(inner, f);
      break;
    }
    case 'unrecognized_keys':
      return UNKNOWN_FIELD;
    case 'custom':
      break;
  }
  return both(
    `${f} n’est pas valide (voir la référence de l’API pour ce qu’il faut envoyer).`,
    `${f} is not valid (see the API reference for what to send).`,
  );
}

export const UNKNOWN_FIELD: Localized = {
  fr: 'Champ inconnu : retirez-le (vérifiez l’orthographe).',
  en: 'Unknown field: remove it (check its spelling).',
};

/**
 * zod issues → the offending fields, named by path (`metadata.orderId`, `query.limit`), each with
 * our message. An unknown key is named as a field of its own.
 */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        // An empty key ({"": 1}) is still named, as `""`, so the caller can find it.
        field: [path, key === '' ? '""' : key].filter(Boolean).join('.'),
        message: UNKNOWN_FIELD,
      }));
    }
    const field = path || '(body)';
    return [{ field, message: fieldMessage(issue, path || 'The body') }];
  });
}
