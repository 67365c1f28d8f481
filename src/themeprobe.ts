/**
 * The page's theme, told to the kernel: the map is drawn in Python on a canvas, and
 * Python cannot see whether JupyterLab (or Voilà) shows its dark theme. The kit's
 * `PageTheme` widget has no view; its model here reads the page's
 * `data-jp-theme-light` and writes `dark` back whenever the user switches themes.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IJupyterWidgetRegistry, WidgetModel } from '@jupyter-widgets/base';

/** The module name and version the Python widget names (the package's own). */
export const MODULE_NAME = 'cjm-widgets';
export const MODULE_VERSION = '0.1.0';

/** Whether the page shows a dark theme (JupyterLab and Voilà mark the body). */
export function pageIsDark(body: HTMLElement = document.body): boolean {
  return body.dataset.jpThemeLight === 'false';
}

/**
 * A Voilà page's address in the page's theme: Voilà renders `?theme=dark` dark and gives
 * the address to its kernel, which cannot run the probe there.
 */
export function inPageTheme(url: string, dark: boolean = pageIsDark()): string {
  if (!dark) {
    return url;
  }
  const themed = new URL(url, window.location.href);
  themed.searchParams.set('theme', 'dark');
  return themed.toString();
}

export class ThemeProbeModel extends WidgetModel {
  defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: 'ThemeProbeModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      dark: false
    };
  }

  initialize(
    attributes: Backbone.ObjectHash,
    options: Parameters<WidgetModel['initialize']>[1]
  ): void {
    super.initialize(attributes, options);
    this._observer = new MutationObserver(() => this.report());
    this._observer.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-light']
    });
    this.once('comm:close', () => this._observer?.disconnect());
    this.report();
  }

  /** Tell the kernel the page's theme, if it does not know it yet. */
  report(): void {
    const dark = pageIsDark();
    if (this.get('dark') !== dark) {
      this.set('dark', dark);
      this.save_changes();
    }
  }

  private _observer: MutationObserver | null = null;
}

/** Registers the probe's model with every widget manager (notebooks, the panel, Voilà). */
export const themeProbePlugin: JupyterFrontEndPlugin<void> = {
  id: 'cjm-widgets:theme-probe',
  description:
    "Tells the kit's Python widgets whether the page's theme is dark.",
  autoStart: true,
  requires: [IJupyterWidgetRegistry],
  activate: (_app: JupyterFrontEnd, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: { ThemeProbeModel }
    });
  }
};
