/**
 * The extension's own logic, without a JupyterLab: the language it speaks, its strings,
 * the Python it sends to the kernel, where new workshops go, and the new-workshop form.
 */
import {
  APP_NAME,
  appCode,
  presentCode,
  pythonString,
  qrCode,
  ROOM_EXPRESSION
} from '../kernelcode';
import { NewWorkshopForm } from '../dialog';
import { DEFAULT_SETTINGS, folderForNew, readSettings } from '../settings';
import { catalogLanguage, fill, Strings } from '../strings';

describe('catalogLanguage', () => {
  it.each([
    ['fi-FI', 'fi'],
    ['sv_SE', 'sv'],
    ['da', 'da'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['EN-us', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [null, 'en']
  ])('%s speaks %s', (locale, expected) => {
    expect(catalogLanguage(locale)).toBe(expected);
  });
});

describe('Strings', () => {
  const strings = new Strings({
    lang: 'fi',
    languages: ['en', 'fi'],
    starts: { empty: 'Tyhjä työpaja' },
    strings: { 'qr.title': 'Osallistujat liittyvät työpajaan {name} tästä' }
  });

  it('fills placeholders', () => {
    expect(strings.t('qr.title', { name: 'Muutto' })).toBe(
      'Osallistujat liittyvät työpajaan Muutto tästä'
    );
  });

  it('shows a missing key rather than nothing', () => {
    expect(strings.t('nope')).toBe('lab.nope');
  });

  it('leaves unknown placeholders visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('kernel code', () => {
  it('opens the app on the file by its name', () => {
    const code = appCode('Moving house.cjm.json');
    expect(code).toContain('from cjm_widgets import WorkshopApp');
    expect(code).toContain(
      `\n${APP_NAME} = WorkshopApp("Moving house.cjm.json")\n`
    );
    expect(code.trim().endsWith(APP_NAME)).toBe(true);
  });

  it('quotes names that would break Python', () => {
    expect(pythonString('a"b\\c\nd.cjm.json')).toBe(
      '"a\\"b\\\\c\\nd.cjm.json"'
    );
    expect(appCode('x"); import os; ("y.cjm.json')).toContain(
      'WorkshopApp("x\\"); import os; (\\"y.cjm.json")'
    );
  });

  it('presents with the app mode when there is one, else shows the map step', () => {
    const on = presentCode(true);
    expect(on).toContain(`if hasattr(${APP_NAME}, "present"):`);
    expect(on).toContain(`${APP_NAME}.present(True)`);
    expect(on).toContain(`${APP_NAME}.go("map")`);
    expect(presentCode(false)).toContain(`${APP_NAME}.present(False)`);
    expect(presentCode(false)).toContain('elif False:');
  });

  it('asks for the room feature without importing it', () => {
    expect(ROOM_EXPRESSION).toContain('find_spec("cjm_widgets.room")');
    expect(qrCode('a.cjm.json')).toContain('qr_widget("a.cjm.json")');
  });
});

describe('settings', () => {
  it('fills in what is missing or of the wrong type', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ defaultLanguage: 'sv', reportTemplate: 3 })).toEqual({
      ...DEFAULT_SETTINGS,
      defaultLanguage: 'sv'
    });
    expect(readSettings({ reportTemplate: '  ' }).reportTemplate).toBe(
      'report'
    );
  });

  it('puts new workshops in the chosen folder, else the browser folder', () => {
    const settings = readSettings({ defaultFolder: '/workshops/2026/' });
    expect(folderForNew(settings, 'elsewhere')).toBe('workshops/2026');
    expect(folderForNew(DEFAULT_SETTINGS, 'team/notes')).toBe('team/notes');
    expect(folderForNew(DEFAULT_SETTINGS, undefined)).toBe('');
  });
});

describe('NewWorkshopForm', () => {
  const strings = new Strings({
    lang: 'en',
    languages: ['en', 'da', 'fi', 'nb', 'sv'],
    starts: { empty: 'An empty workshop', sample: 'The sample journey' },
    strings: { 'language.fi': 'suomi', 'dialog.name': 'Title' }
  });

  it('offers the five languages, the default chosen, and both starts', () => {
    const form = new NewWorkshopForm(strings, 'fi');
    const language = form.node.querySelector(
      'select[name=language]'
    ) as HTMLSelectElement;
    expect(Array.from(language.options).map(o => o.value)).toEqual([
      'en',
      'da',
      'fi',
      'nb',
      'sv'
    ]);
    expect(language.value).toBe('fi');
    const start = form.node.querySelector(
      'select[name=start]'
    ) as HTMLSelectElement;
    expect(Array.from(start.options).map(o => o.textContent)).toEqual([
      'An empty workshop',
      'The sample journey'
    ]);
    expect(start.value).toBe('empty');
  });

  it('gives the trimmed title and the choices', () => {
    const form = new NewWorkshopForm(strings, 'xx');
    (form.node.querySelector('input[name=title]') as HTMLInputElement).value =
      '  Moving house ';
    const start = form.node.querySelector(
      'select[name=start]'
    ) as HTMLSelectElement;
    start.value = 'sample';
    expect(form.getValue()).toEqual({
      title: 'Moving house',
      language: 'en',
      start: 'sample'
    });
  });
  const withTemplates = new Strings({
    lang: 'en',
    languages: ['en', 'da', 'fi', 'nb', 'sv'],
    starts: {
      empty: 'An empty workshop',
      'template:late-payment': 'Journey template: From reminder to collection',
      'template:only-nordic': 'Journey template: Nordic only'
    },
    coverage: {
      'template:late-payment': ['en', 'fi', 'sv', 'da', 'nb'],
      'template:only-nordic': ['fi', 'sv']
    },
    strings: {
      'language.fi': 'suomi',
      'language.sv': 'svenska',
      'dialog.template_languages': 'This template is written in: {languages}',
      'dialog.title_from_template': "Empty: the template's title"
    }
  });

  function parts(form: NewWorkshopForm) {
    const find = <T extends Element>(selector: string) =>
      form.node.querySelector(selector) as T;
    return {
      title: find<HTMLInputElement>('input[name=title]'),
      language: find<HTMLSelectElement>('select[name=language]'),
      start: find<HTMLSelectElement>('select[name=start]'),
      coverage: find<HTMLParagraphElement>('.cjm-NewWorkshopForm-coverage')
    };
  }

  function choose(select: HTMLSelectElement, value: string): void {
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  it('offers the journey templates after the empty start', () => {
    const { start, coverage, title } = parts(
      new NewWorkshopForm(withTemplates, 'sv')
    );
    expect(Array.from(start.options).map(o => o.textContent)).toEqual([
      'An empty workshop',
      'Journey template: From reminder to collection',
      'Journey template: Nordic only'
    ]);
    expect(start.value).toBe('empty');
    expect(coverage.textContent).toBe('');
    expect(title.required).toBe(true);
  });

  it('starts from a template in the chosen language, the title optional', () => {
    const form = new NewWorkshopForm(withTemplates, 'sv');
    const { start, title, coverage } = parts(form);
    choose(start, 'template:late-payment');
    expect(title.required).toBe(false);
    expect(title.placeholder).toBe("Empty: the template's title");
    expect(coverage.textContent).toBe(
      'This template is written in: English, dansk, suomi, norsk bokmål, svenska'
    );
    expect(form.getValue()).toEqual({
      title: '',
      language: 'sv',
      start: 'template:late-payment'
    });
  });

  it('offers only the languages a template is written in', () => {
    const form = new NewWorkshopForm(withTemplates, 'en');
    const { start, language, coverage } = parts(form);
    choose(start, 'template:only-nordic');
    const enabled = Array.from(language.options)
      .filter(o => !o.disabled)
      .map(o => o.value);
    expect(enabled).toEqual(['fi', 'sv']);
    expect(language.value).toBe('fi');
    expect(coverage.textContent).toBe(
      'This template is written in: suomi, svenska'
    );
    expect(form.getValue().language).toBe('fi');
    choose(start, 'empty');
    expect(Array.from(language.options).every(o => !o.disabled)).toBe(true);
    expect(coverage.textContent).toBe('');
  });
});
