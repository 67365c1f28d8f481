/**
 * The workshop panel: a document widget for `*.cjm.json` whose content is the project's
 * Python app running in a kernel of its own, rendered by JupyterLab's output area and the
 * Jupyter widgets manager (as a notebook cell's output would be). The kernel is started
 * when the panel opens and shut down when it closes.
 */
import { SessionContext } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { DocumentRegistry, DocumentWidget } from '@jupyterlab/docregistry';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ServiceManager } from '@jupyterlab/services';
import {
  registerWidgetManager,
  WidgetRenderer
} from '@jupyter-widgets/jupyterlab-manager';
import { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import { Panel, Widget } from '@lumino/widgets';

import {
  appCode,
  presentCode,
  qrCode,
  ROOM_EXPRESSION
} from './kernelcode';
import { Strings } from './strings';

/** What registerWidgetManager reads of a notebook's context. */
type WidgetContext = Parameters<typeof registerWidgetManager>[0];

/**
 * The panel's content: the app's output area, fed by a kernel that belongs to the panel.
 */
export class WorkshopView extends Panel {
  constructor(options: WorkshopView.IOptions) {
    super();
    this.addClass('cjm-WorkshopView');
    this.path = options.path;
    this.strings = options.strings;
    this.sessionContext = new SessionContext({
      sessionManager: options.manager.sessions,
      specsManager: options.manager.kernelspecs,
      path: options.path,
      name: PathExt.basename(options.path),
      type: 'cjm-workshop',
      kernelPreference: {
        name: options.kernelName ?? 'python3',
        shouldStart: true,
        canStart: true,
        autoStartDefault: true,
        shutdownOnDispose: true
      }
    });
    this.rendermime = options.rendermime.clone();
    this._status = new Widget();
    this._status.addClass('cjm-WorkshopView-status');
    this._status.node.textContent = this.strings.t('starting');
    this.outputArea = new OutputArea({
      model: new OutputAreaModel({ trusted: true }),
      rendermime: this.rendermime
    });
    this.outputArea.addClass('cjm-WorkshopView-app');
    this.addWidget(this._status);
    this.addWidget(this.outputArea);
    this._widgetContext = {
      sessionContext: this.sessionContext,
      saveState: new Signal<this, DocumentRegistry.SaveState>(this),
      model: {
        dirty: false,
        getMetadata: () => undefined,
        setMetadata: () => undefined
      },
      urlResolver: options.urlResolver,
      path: options.path
    } as unknown as WidgetContext;
  }

  /** The workshop file (contents path). */
  readonly path: string;
  readonly strings: Strings;
  readonly sessionContext: SessionContext;
  readonly rendermime: IRenderMimeRegistry;
  readonly outputArea: OutputArea;

  /** Whether the kernel has the room feature (participants' QR code). */
  get hasRoom(): boolean {
    return this._hasRoom;
  }

  /** Emitted when what the toolbar offers changes (the room feature was found). */
  readonly changed = new Signal<this, void>(this);

  /** Start the kernel, bind the widget manager to it, and display the app. */
  async start(): Promise<void> {
    try {
      await this.sessionContext.initialize();
      await this.sessionContext.ready;
      if (this.isDisposed) {
        return; // closed while the kernel started: dispose() shuts it down
      }
      const kernel = this.sessionContext.session?.kernel;
      if (!kernel) {
        throw new Error(this.strings.t('error.no_kernel'));
      }
      this._manager = registerWidgetManager(
        this._widgetContext,
        this.rendermime,
        this._renderers()
      );
      const reply = await OutputArea.execute(
        appCode(PathExt.basename(this.path)),
        this.outputArea,
        this.sessionContext
      );
      if (reply?.content.status !== 'ok') {
        this._status.node.textContent = this.strings.t('error.app');
      } else {
        this._status.hide();
      }
      this._hasRoom = await this._expression(ROOM_EXPRESSION);
      this.changed.emit();
    } catch (error) {
      if (!this.isDisposed) {
        this._status.node.textContent = String(error);
      }
    }
  }

  /** Put the map on show (the app's presentation mode, or its map step). */
  async present(on: boolean): Promise<void> {
    await this._run(presentCode(on));
  }

  /** An output area showing the participants' QR code (for a dialog). */
  async qrOutput(): Promise<OutputArea> {
    const area = new OutputArea({
      model: new OutputAreaModel({ trusted: true }),
      rendermime: this.rendermime
    });
    await OutputArea.execute(
      qrCode(PathExt.basename(this.path)),
      area,
      this.sessionContext
    );
    return area;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._manager?.dispose();
    const session = this.sessionContext;
    super.dispose();
    // Fire and forget: the panel is gone, its kernel goes with it.
    void session.shutdown().finally(() => session.dispose());
  }

  /** The widget views already rendered before the manager was ready. */
  private *_renderers(): IterableIterator<WidgetRenderer> {
    for (const output of this.outputArea.widgets) {
      for (const child of Array.from((output as Panel).children?.() ?? [])) {
        if (child instanceof WidgetRenderer) {
          yield child;
        }
      }
    }
  }

  private async _run(code: string): Promise<void> {
    const kernel = this.sessionContext.session?.kernel;
    if (!kernel) {
      return;
    }
    await kernel.requestExecute({ code, silent: false, store_history: false })
      .done;
  }

  private async _expression(expression: string): Promise<boolean> {
    const kernel = this.sessionContext.session?.kernel;
    if (!kernel) {
      return false;
    }
    const reply = await kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: { value: expression }
    }).done;
    const content = reply.content as any;
    return content.user_expressions?.value?.data?.['text/plain'] === 'True';
  }

  private _status: Widget;
  private _widgetContext: WidgetContext;
  private _manager: IDisposable | null = null;
  private _hasRoom = false;
}

export namespace WorkshopView {
  export interface IOptions {
    path: string;
    manager: ServiceManager.IManager;
    rendermime: IRenderMimeRegistry;
    urlResolver: DocumentRegistry.IContext<DocumentRegistry.IModel>['urlResolver'];
    strings: Strings;
    kernelName?: string;
  }
}

/**
 * The document widget JupyterLab opens for a `*.cjm.json` file. Its document model is
 * read-only: the kernel's app saves the workshop through the project's store (with its
 * conflict checks), so JupyterLab never writes the file from here.
 */
export class WorkshopPanel extends DocumentWidget<WorkshopView> {
  constructor(options: DocumentWidget.IOptions<WorkshopView>) {
    super(options);
    this.addClass('cjm-WorkshopPanel');
    void this.context.ready.then(() => {
      this.context.model.readOnly = true;
    });
  }
}
