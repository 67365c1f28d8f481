/**
 * The extension's words, from the project's own catalogs (cjm_widgets/i18n, keys `lab.*`),
 * served by the extension's server side in JupyterLab's display language.
 */

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

/** What the server sends: the strings of one language and the starting points. */
export interface IStringsPayload {
  lang: string;
  languages: string[];
  starts: Record<string, string>;
  strings: Record<string, string>;
}

/**
 * The strings of one language; a key the catalog lacks shows as the key itself, so a
 * missing string is visible rather than blank.
 */
export class Strings {
  constructor(payload: IStringsPayload) {
    this.lang = payload.lang;
    this.languages = payload.languages;
    this.starts = payload.starts;
    this._strings = payload.strings;
  }

  readonly lang: string;
  readonly languages: string[];
  readonly starts: Record<string, string>;

  t(key: string, params: Record<string, string | number> = {}): string {
    const text = this._strings[key];
    return text === undefined ? `lab.${key}` : fill(text, params);
  }

  private _strings: Record<string, string>;
}
