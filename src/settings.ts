/** The user's settings (schema/plugin.json) and what follows from them. */

export interface ISettings {
  /** The language a new workshop is created in. */
  defaultLanguage: string;
  /** Where new workshops go; empty: the folder the file browser shows. */
  defaultFolder: string;
  /** The report template Export handout runs. */
  reportTemplate: string;
}

export const DEFAULT_SETTINGS: ISettings = {
  defaultLanguage: 'en',
  defaultFolder: '',
  reportTemplate: 'report'
};

/** Settings as stored, with the defaults for what is missing or of the wrong type. */
export function readSettings(stored: Record<string, unknown>): ISettings {
  const text = (name: keyof ISettings): string => {
    const value = stored[name];
    return typeof value === 'string' ? value : DEFAULT_SETTINGS[name];
  };
  return {
    defaultLanguage: text('defaultLanguage'),
    defaultFolder: text('defaultFolder'),
    reportTemplate:
      text('reportTemplate').trim() || DEFAULT_SETTINGS.reportTemplate
  };
}

/**
 * The folder a new workshop goes to: the settings' folder when one is set, else the
 * folder the launcher or the file browser shows (contents paths, no leading slash).
 */
export function folderForNew(
  settings: ISettings,
  browserFolder: string | undefined
): string {
  const chosen = settings.defaultFolder.trim().replace(/^\/+|\/+$/g, '');
  return chosen || (browserFolder ?? '').replace(/^\/+|\/+$/g, '');
}
