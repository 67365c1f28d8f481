/**
 * The plugin activated as JupyterLab would, without a server: it starts in English when
 * its strings cannot be fetched, fills a language's gaps in English, and makes the
 * participants' QR code button once however often the panel says it changed.
 */
import { CommandToolbarButton } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { createFileContext } from '@jupyterlab/docregistry/lib/testutils';
import { RenderMimeRegistry } from '@jupyterlab/rendermime';
import { ServiceManagerMock } from '@jupyterlab/services/lib/testutils';
import { CommandRegistry } from '@lumino/commands';

import { CommandIDs, FACTORY, FILE_TYPE, plugin } from '../index';
import { WorkshopPanel } from '../panel';
import { requestAPI } from '../request';
import { ENGLISH } from '../strings';

// The widget manager is not what is tested here (and its HTML sanitizer ships ES modules).
jest.mock('@jupyter-widgets/jupyterlab-manager', () => ({
  LabWidgetManager: class {},
  WidgetRenderer: class {},
  registerWidgetManager: jest.fn()
}));

jest.mock('../request', () => ({
  ...jest.requireActual('../request'),
  requestAPI: jest.fn(),
  postAPI: jest.fn()
}));

// Counts the toolbar buttons made (each stays connected to the command registry).
jest.mock('@jupyterlab/apputils', () => {
  const actual = jest.requireActual('@jupyterlab/apputils');
  return {
    ...actual,
    CommandToolbarButton: jest.fn(
      (props: any) => new actual.CommandToolbarButton(props)
    )
  };
});

const request = requestAPI as jest.Mock;
const made = CommandToolbarButton as unknown as jest.Mock;

async function activate() {
  const serviceManager = new ServiceManagerMock();
  const app = {
    commands: new CommandRegistry(),
    docRegistry: new DocumentRegistry(),
    serviceManager,
    shell: {}
  };
  await plugin.activate(
    app as any,
    new RenderMimeRegistry(),
    {} as any,
    null,
    null,
    null,
    null,
    null,
    null
  );
  return { ...app, serviceManager };
}

beforeEach(() => {
  request.mockReset();
  made.mockClear();
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('activation', () => {
  it('starts in English when the strings cannot be fetched', async () => {
    request.mockRejectedValue(new Error('503 Service Unavailable'));
    const { commands, docRegistry } = await activate();
    expect(commands.label(CommandIDs.create)).toBe('Customer journey workshop');
    expect(commands.label(CommandIDs.handout)).toBe('Export handout');
    expect(docRegistry.getFileType(FILE_TYPE)?.displayName).toBe(
      'Customer journey workshop'
    );
    expect(console.warn).toHaveBeenCalled();
  });

  it('starts in English when the server answers something else', async () => {
    request.mockResolvedValue({ message: '<html>proxy error</html>' });
    const { commands } = await activate();
    expect(commands.label(CommandIDs.handout)).toBe('Export handout');
  });

  it("speaks the server's language and English where the language has a gap", async () => {
    request.mockResolvedValue({
      ...ENGLISH,
      lang: 'fi',
      strings: { 'command.handout': 'Vie moniste' }
    });
    const { commands } = await activate();
    expect(request).toHaveBeenCalledWith('strings?lang=en');
    expect(commands.label(CommandIDs.handout)).toBe('Vie moniste');
    expect(commands.label(CommandIDs.present)).toBe(
      ENGLISH.strings['command.present']
    );
  });
});

describe("the panel's QR code button", () => {
  it('is made once, when the room is found, however often the panel changes', async () => {
    request.mockResolvedValue(ENGLISH);
    const { docRegistry, serviceManager } = await activate();
    const factory = docRegistry.getWidgetFactory(FACTORY)!;
    const context = createFileContext('w.cjm.json', serviceManager as any);
    const panel = factory.createNew(context as any) as WorkshopPanel;
    const view = panel.content as any;
    const qrButtons = () =>
      made.mock.calls.filter(([props]) => props.id === CommandIDs.qr).length;

    view.changed.emit();
    expect(qrButtons()).toBe(0); // no room in this kernel (yet)
    expect(Array.from(panel.toolbar.names())).not.toContain('qr');

    view._hasRoom = true;
    for (let time = 0; time < 5; time++) {
      view.changed.emit();
    }
    expect(qrButtons()).toBe(1);
    expect(
      Array.from(panel.toolbar.names()).filter(name => name === 'qr')
    ).toHaveLength(1);

    panel.dispose();
    view.changed.emit(); // a late signal on a closed panel makes nothing
    expect(qrButtons()).toBe(1);
    context.dispose();
  });
});
