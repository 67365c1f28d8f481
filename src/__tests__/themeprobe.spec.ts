/**
 * The theme probe: what it reads of the page, and that it registers its model under the
 * name and version the Python widget asks for.
 */
import {
  inPageTheme,
  MODULE_NAME,
  MODULE_VERSION,
  pageIsDark,
  themeProbePlugin,
  ThemeProbeModel
} from '../themeprobe';

describe('pageIsDark', () => {
  it.each([
    ['false', true],
    ['true', false],
    [undefined, false]
  ])('data-jp-theme-light=%s is dark: %s', (light, expected) => {
    const body = document.createElement('body');
    if (light !== undefined) {
      body.dataset.jpThemeLight = light;
    }
    expect(pageIsDark(body)).toBe(expected);
  });
});

describe('themeProbePlugin', () => {
  it('registers the probe model under the package name and version', () => {
    const registered: unknown[] = [];
    const registry = { registerWidget: (data: any) => registered.push(data) };
    themeProbePlugin.activate(null as any, registry);
    expect(registered).toEqual([
      {
        name: MODULE_NAME,
        version: MODULE_VERSION,
        exports: { ThemeProbeModel }
      }
    ]);
    expect(MODULE_NAME).toBe('cjm-widgets');
  });
});

describe('inPageTheme', () => {
  it('names the dark theme in a Voilà page address', () => {
    const url = inPageTheme('/voila/render/w-app.ipynb?token=t', true);
    expect(new URL(url).pathname).toBe('/voila/render/w-app.ipynb');
    expect(new URL(url).searchParams.get('theme')).toBe('dark');
    expect(new URL(url).searchParams.get('token')).toBe('t');
  });

  it('leaves a light page address as it is', () => {
    expect(inPageTheme('/voila/render/w-app.ipynb', false)).toBe(
      '/voila/render/w-app.ipynb'
    );
  });
});
