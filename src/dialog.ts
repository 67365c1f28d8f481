/**
 * The form a new workshop starts from: its title (which also names the file), its
 * language and what it starts from.
 */
import { Widget } from '@lumino/widgets';

import { Strings } from './strings';

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
    this.node.append(
      row(strings.t('dialog.name'), this._title),
      row(strings.t('dialog.language'), this._language),
      row(strings.t('dialog.start'), this._start)
    );
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

  private _title: HTMLInputElement;
  private _language: HTMLSelectElement;
  private _start: HTMLSelectElement;
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
