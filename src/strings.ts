/**
 * The extension's words, from the project's own catalogs (cjm_widgets/i18n, keys `lab.*`),
 * served by the extension's server side in JupyterLab's display language; the English
 * ones are also built in (english.json), for when the server cannot be asked.
 */
import english from './english.json';

/** The languages the project's catalogs speak. */
export const LANGUAGES = ['en', 'fi', 'sv', 'da', 'nb'];

/**
 * The catalog language for a JupyterLab locale (`fi-FI`, `nb_NO`, `no`...), or `en`.
 */
export function catalogLanguage(locale: string | undefined | null): string {
  const code = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  if (code === 'no' || code === 'nn') {
    return 'nb';
  }
  return LANGUAGES.includes(code) ? code : 'en';
}

/**
 * `text` with each `{name}` replaced by `params[name]`; unknown names stay as they are.
 */
export function fill(
  text: string,
  params: Record<string, string | number> = {}
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole
  );
}

/**
 * What the server sends: the strings of one language, the starting points and, for each
 * journey template among them, the languages it is written in (absent: every language).
 */
export interface IStringsPayload {
  lang: string;
  languages: string[];
  starts: Record<string, string>;
  coverage?: Record<string, string[]>;
  strings: Record<string, string>;
}

/** The English payload, as the server sends it for `en` (tests/test_lab_server.py checks). */
export const ENGLISH: IStringsPayload = english;

/**
 * The strings of one language; a key the language lacks is shown in English, and one
 * English lacks too shows as the key itself, so a missing string is visible, not blank.
 */
export class Strings {
  constructor(payload: IStringsPayload) {
    this.lang = payload.lang;
    this.languages = payload.languages;
    this.starts = payload.starts;
    this.coverage = payload.coverage ?? {};
    this._strings = payload.strings;
  }

  readonly lang: string;
  readonly languages: string[];
  readonly starts: Record<string, string>;
  readonly coverage: Record<string, string[]>;

  /** The languages a new workshop can have when it starts from `start`. */
  languagesOf(start: string): string[] {
    const covered = this.coverage[start];
    return covered
      ? this.languages.filter(code => covered.includes(code))
      : this.languages;
  }

  t(key: string, params: Record<string, string | number> = {}): string {
    const text = this._strings[key] ?? ENGLISH.strings[key];
    return text === undefined ? `lab.${key}` : fill(text, params);
  }

  private _strings: Record<string, string>;
}

/** Whether `data` has the shape of a strings payload (a proxy may answer with a page). */
function isPayload(data: unknown): data is IStringsPayload {
  const payload = data as IStringsPayload | null;
  return (
    typeof payload?.lang === 'string' &&
    Array.isArray(payload.languages) &&
    typeof payload.starts === 'object' &&
    payload.starts !== null &&
    typeof payload.strings === 'object' &&
    payload.strings !== null
  );
}

/**
 * The strings `request` fetches from the server, or the built-in English ones when it
 * fails or answers something else: the extension works either way, in English at worst.
 */
export async function loadStrings(
  request: () => Promise<unknown>
): Promise<Strings> {
  try {
    const payload = await request();
    if (isPayload(payload)) {
      return new Strings(payload);
    }
    console.warn('cjm-widgets: unexpected strings, showing English', payload);
  } catch (reason) {
    console.warn('cjm-widgets: strings not loaded, showing English', reason);
  }
  return new Strings(ENGLISH);
}
