/**
 * The form a new workshop starts from: its title (which also names the file), its
 * language and what it starts from: nothing, the sample, or a journey template, offered
 * only in the languages the template is written in.
 */
import { Widget } from '@lumino/widgets';

import { Strings } from './strings';

/** A start naming a journey template (`template:late-payment`), as the server names it. */
export const TEMPLATE_START = 'template:';

/** What the form gives. */
export interface INewWorkshop {
  title: string;
  language: string;
  start: string;
}

/** The body of the "new workshop" dialog. */
export class NewWorkshopForm extends Widget {
  constructor(strings: Strings, defaultLanguage: string) {
    super({ node: document.createElement('form') });
    this.addClass('cjm-NewWorkshopForm');
    this._title = document.createElement('input');
    this._title.name = 'title';
    this._title.required = true;
    this._title.placeholder = strings.t('dialog.title_placeholder');
    this._language = select(
      'language',
      strings.languages.map(code => [code, strings.t(`language.${code}`)]),
      strings.languages.includes(defaultLanguage) ? defaultLanguage : 'en'
    );
    this._start = select('start', Object.entries(strings.starts), 'empty');
    this._coverage = document.createElement('p');
    this._coverage.className = 'cjm-NewWorkshopForm-coverage';
    this._strings = strings;
    this.node.append(
      row(strings.t('dialog.name'), this._title),
      row(strings.t('dialog.start'), this._start),
      row(strings.t('dialog.language'), this._language),
      this._coverage
    );
    this._start.addEventListener('change', () => this._onStart());
    this._onStart();
    // Enter in the title field submits the dialog, not the form.
    this.node.addEventListener('submit', event => event.preventDefault());
  }

  getValue(): INewWorkshop {
    return {
      title: this._title.value.trim(),
      language: this._language.value,
      start: this._start.value
    };
  }

  /** The title field takes the focus when the dialog opens. */
  focusTarget(): HTMLElement {
    return this._title;
  }

  /**
   * A journey template offers only the languages it is written in (the chosen one kept
   * if it can be), says which they are, and may lend its title.
   */
  private _onStart(): void {
    const start = this._start.value;
    const covered = this._strings.languagesOf(start);
    for (const option of Array.from(this._language.options)) {
      option.disabled = !covered.includes(option.value);
    }
    if (!covered.includes(this._language.value) && covered.length > 0) {
      this._language.value = covered[0];
    }
    const template = start.startsWith(TEMPLATE_START);
    this._title.required = !template;
    this._title.placeholder = this._strings.t(
      template ? 'dialog.title_from_template' : 'dialog.title_placeholder'
    );
    this._coverage.textContent = template
      ? this._strings.t('dialog.template_languages', {
          languages: covered
            .map(code => this._strings.t(`language.${code}`))
            .join(', ')
        })
      : '';
  }

  private _title: HTMLInputElement;
  private _language: HTMLSelectElement;
  private _start: HTMLSelectElement;
  private _coverage: HTMLParagraphElement;
  private _strings: Strings;
}

function row(label: string, input: HTMLElement): HTMLElement {
  const element = document.createElement('label');
  element.className = 'cjm-NewWorkshopForm-row';
  const text = document.createElement('span');
  text.textContent = label;
  element.append(text, input);
  return element;
}

function select(
  name: string,
  options: [string, string][],
  chosen: string
): HTMLSelectElement {
  const element = document.createElement('select');
  element.name = name;
  for (const [value, label] of options) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    option.selected = value === chosen;
    element.append(option);
  }
  return element;
}
