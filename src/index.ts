/**
 * Customer journey workshops in JupyterLab: a launcher card, File > New and palette
 * entries that create a workshop, a file type for `*.cjm.json` that opens the workshop
 * app in a panel, and the panel's commands (handout, presentation, code-free app,
 * participants' QR code).
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  CommandToolbarButton,
  Dialog,
  ICommandPalette,
  showDialog,
  showErrorMessage,
  WidgetTracker
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import {
  ABCWidgetFactory,
  DocumentRegistry,
  TextModelFactory
} from '@jupyterlab/docregistry';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ILauncher } from '@jupyterlab/launcher';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import { NewWorkshopForm } from './dialog';
import { inPageTheme, themeProbePlugin } from './themeprobe';
import { workshopFileIcon, workshopIcon } from './icons';
import { WorkshopPanel, WorkshopView } from './panel';
import { postAPI, RefusedError, requestAPI } from './request';
import {
  DEFAULT_SETTINGS,
  folderForNew,
  ISettings,
  readSettings
} from './settings';
import { catalogLanguage, loadStrings } from './strings';

/** The plugin's id, also its settings' id (schema/plugin.json). */
export const PLUGIN_ID = 'cjm-widgets:plugin';

/** The file type of workshop files. */
export const FILE_TYPE = 'cjm-workshop';

/** The widget factory that opens a workshop in the app (its name is its id). */
export const FACTORY = 'cjm-workshop-app';

/** The command ids. */
export namespace CommandIDs {
  export const create = 'cjm-widgets:new';
  export const handout = 'cjm-widgets:export-handout';
  export const present = 'cjm-widgets:present';
  export const app = 'cjm-widgets:open-app';
  export const qr = 'cjm-widgets:show-qr';
}

/** A model factory of its own, so the workshop panel's read-only model is not the editor's. */
class WorkshopModelFactory extends TextModelFactory {
  get name(): string {
    return FILE_TYPE;
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Customer journey workshops: launcher card, file type, workshop panel and its commands.',
  autoStart: true,
  requires: [IRenderMimeRegistry, IDocumentManager],
  optional: [
    ILauncher,
    ICommandPalette,
    ISettingRegistry,
    IDefaultFileBrowser,
    ITranslator,
    ILayoutRestorer
  ],
  activate
};

async function activate(
  app: JupyterFrontEnd,
  rendermime: IRenderMimeRegistry,
  docManager: IDocumentManager,
  launcher: ILauncher | null,
  palette: ICommandPalette | null,
  settingRegistry: ISettingRegistry | null,
  browser: IDefaultFileBrowser | null,
  translator: ITranslator | null,
  restorer: ILayoutRestorer | null
): Promise<void> {
  const { commands, docRegistry, serviceManager } = app;
  const lang = catalogLanguage(translator?.languageCode);
  const strings = await loadStrings(() => requestAPI(`strings?lang=${lang}`));
  let settings: ISettings = { ...DEFAULT_SETTINGS };
  if (settingRegistry) {
    try {
      const loaded = await settingRegistry.load(PLUGIN_ID);
      const update = () => {
        settings = readSettings(loaded.composite as Record<string, unknown>);
      };
      loaded.changed.connect(update);
      update();
    } catch (reason) {
      console.warn('cjm-widgets: settings not loaded', reason);
    }
  }

  docRegistry.addFileType({
    name: FILE_TYPE,
    displayName: strings.t('filetype'),
    extensions: ['.cjm.json'],
    pattern: '^.*\\.cjm\\.json$',
    mimeTypes: ['application/json'],
    contentType: 'file',
    fileFormat: 'text',
    icon: workshopFileIcon
  });
  docRegistry.addModelFactory(new WorkshopModelFactory());

  const tracker = new WidgetTracker<WorkshopPanel>({
    namespace: 'cjm-workshop'
  });
  const factory = new (class extends ABCWidgetFactory<
    WorkshopPanel,
    DocumentRegistry.IModel
  > {
    protected createNewWidget(
      context: DocumentRegistry.IContext<DocumentRegistry.IModel>
    ): WorkshopPanel {
      const content = new WorkshopView({
        path: context.path,
        manager: serviceManager,
        rendermime,
        urlResolver: context.urlResolver,
        strings
      });
      const panel = new WorkshopPanel({ context, content });
      panel.title.icon = workshopIcon;
      for (const [name, id] of [
        ['handout', CommandIDs.handout],
        ['present', CommandIDs.present],
        ['app', CommandIDs.app]
      ]) {
        panel.toolbar.addItem(
          name,
          new CommandToolbarButton({
            commands,
            id,
            args: { path: context.path }
          })
        );
      }
      // The QR code's button is made once, when the kernel turns out to have the room;
      // later changes only update it (a button made each time would stay connected to
      // the command registry for as long as JupyterLab runs).
      let qrButton: CommandToolbarButton | null = null;
      content.changed.connect(() => {
        if (panel.toolbar.isDisposed) {
          return;
        }
        if (qrButton === null && content.hasRoom) {
          qrButton = new CommandToolbarButton({
            commands,
            id: CommandIDs.qr,
            args: { path: context.path }
          });
          panel.toolbar.addItem('qr', qrButton);
        } else if (qrButton !== null) {
          commands.notifyCommandChanged(CommandIDs.qr);
        }
      });
      void context.ready.then(() => content.start());
      return panel;
    }
  })({
    name: FACTORY,
    label: strings.t('factory'),
    fileTypes: [FILE_TYPE],
    defaultFor: [FILE_TYPE],
    modelName: FILE_TYPE
  });
  factory.widgetCreated.connect((_, panel) => {
    void tracker.add(panel);
    panel.context.pathChanged.connect(() => void tracker.save(panel));
  });
  docRegistry.addWidgetFactory(factory);
  if (restorer) {
    void restorer.restore(tracker, {
      command: 'docmanager:open',
      args: panel => ({ path: panel.context.path, factory: FACTORY }),
      name: panel => panel.context.path
    });
  }

  /** The panel a command acts on: the one named by `path`, else the current one. */
  const panelFor = (args: any): WorkshopPanel | null => {
    const path = args?.path as string | undefined;
    if (path) {
      return tracker.find(panel => panel.context.path === path) ?? null;
    }
    return tracker.currentWidget;
  };
  const hasPanel = (args: any) => panelFor(args) !== null;

  const report = async (error: unknown) => {
    const message =
      error instanceof RefusedError ? error.message : String(error);
    await showErrorMessage(strings.t('error.title'), message);
  };

  commands.addCommand(CommandIDs.create, {
    label: args =>
      args.isPalette ? strings.t('new.palette') : strings.t('new.label'),
    caption: strings.t('new.caption'),
    icon: args => (args.isPalette ? undefined : workshopIcon),
    execute: async args => {
      const form = new NewWorkshopForm(strings, settings.defaultLanguage);
      const result = await showDialog({
        title: strings.t('dialog.title'),
        body: form,
        focusNodeSelector: 'input',
        buttons: [
          Dialog.cancelButton({ label: strings.t('dialog.cancel') }),
          Dialog.okButton({ label: strings.t('dialog.create') })
        ]
      });
      if (!result.button.accept || !result.value) {
        return;
      }
      const folder = folderForNew(
        settings,
        (args.cwd as string | undefined) ?? browser?.model.path
      );
      try {
        const created = await postAPI<{ path: string }>('workshops', {
          ...result.value,
          folder,
          lang: strings.lang
        });
        return docManager.openOrReveal(created.path, FACTORY);
      } catch (error) {
        await report(error);
      }
    }
  });

  commands.addCommand(CommandIDs.handout, {
    label: strings.t('command.handout'),
    caption: strings.t('command.handout_caption'),
    isEnabled: hasPanel,
    execute: async args => {
      const panel = panelFor(args);
      if (!panel) {
        return;
      }
      panel.addClass('cjm-busy');
      try {
        const written = await postAPI<{ path: string }>('handout', {
          path: panel.context.path,
          template: settings.reportTemplate,
          lang: strings.lang
        });
        await docManager.openOrReveal(written.path);
      } catch (error) {
        await report(error);
      } finally {
        panel.removeClass('cjm-busy');
      }
    }
  });

  commands.addCommand(CommandIDs.present, {
    label: strings.t('command.present'),
    caption: strings.t('command.present_caption'),
    isEnabled: hasPanel,
    execute: async args => {
      const panel = panelFor(args);
      if (!panel) {
        return;
      }
      app.shell.activateById(panel.id);
      await panel.content.present(true);
      const node = panel.content.node;
      if (node.requestFullscreen && !document.fullscreenElement) {
        const leave = () => {
          if (!document.fullscreenElement) {
            document.removeEventListener('fullscreenchange', leave);
            void panel.content.present(false);
          }
        };
        try {
          await node.requestFullscreen();
          document.addEventListener('fullscreenchange', leave);
        } catch (reason) {
          console.warn('cjm-widgets: full screen refused', reason);
        }
      }
    }
  });

  commands.addCommand(CommandIDs.app, {
    label: strings.t('command.app'),
    caption: strings.t('command.app_caption'),
    isEnabled: hasPanel,
    execute: async args => {
      const panel = panelFor(args);
      if (!panel) {
        return;
      }
      // Opened before the request, so the browser does not take it for a pop-up.
      const page = window.open('', '_blank');
      try {
        const opened = await postAPI<{ url: string }>('app', {
          path: panel.context.path,
          lang: strings.lang
        });
        const url = inPageTheme(opened.url);
        if (page) {
          page.location.href = url;
        } else {
          window.open(url, '_blank');
        }
      } catch (error) {
        page?.close();
        await report(error);
      }
    }
  });

  commands.addCommand(CommandIDs.qr, {
    label: strings.t('command.qr'),
    caption: strings.t('command.qr_caption'),
    isVisible: args => panelFor(args)?.content.hasRoom ?? false,
    execute: async args => {
      const panel = panelFor(args);
      if (!panel?.content.hasRoom) {
        return;
      }
      const area = await panel.content.qrOutput();
      area.addClass('cjm-QrCode');
      await showDialog({
        title: strings.t('qr.title', {
          name: PathExt.basename(panel.context.path)
        }),
        body: area,
        buttons: [Dialog.okButton({ label: strings.t('dialog.close') })]
      });
      area.dispose();
    }
  });

  tracker.currentChanged.connect(() => {
    for (const id of [
      CommandIDs.handout,
      CommandIDs.present,
      CommandIDs.app,
      CommandIDs.qr
    ]) {
      commands.notifyCommandChanged(id);
    }
  });

  if (launcher) {
    launcher.add({
      command: CommandIDs.create,
      category: strings.t('launcher.category'),
      rank: 1
    });
  }
  if (palette) {
    const category = strings.t('palette.category');
    palette.addItem({
      command: CommandIDs.create,
      category,
      args: { isPalette: true }
    });
    for (const command of [
      CommandIDs.handout,
      CommandIDs.present,
      CommandIDs.app,
      CommandIDs.qr
    ]) {
      palette.addItem({ command, category });
    }
  }
}

export { plugin };
export default [plugin, themeProbePlugin];
