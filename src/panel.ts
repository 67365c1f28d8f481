/**
 * The workshop panel: a document widget for `*.cjm.json` whose content is the project's
 * Python app running in a kernel of its own, rendered by JupyterLab's output area and the
 * Jupyter widgets manager (as a notebook cell's output would be). The kernel is started
 * when the panel opens and shut down when it closes, unless another window is using it.
 */
import { SessionContext } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { DocumentRegistry, DocumentWidget } from '@jupyterlab/docregistry';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  KernelAPI,
  ServerConnection,
  ServiceManager,
  Session
} from '@jupyterlab/services';
import {
  LabWidgetManager,
  registerWidgetManager,
  WidgetRenderer
} from '@jupyter-widgets/jupyterlab-manager';
import { PromiseDelegate } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import { Panel, Widget } from '@lumino/widgets';

import { appCode, presentCode, qrCode, ROOM_EXPRESSION } from './kernelcode';
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
    this._options = options;
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
  }

  /** The workshop file (contents path). */
  readonly path: string;
  readonly strings: Strings;
  readonly rendermime: IRenderMimeRegistry;
  readonly outputArea: OutputArea;

  /** The panel's kernel session, once start() has begun. */
  get sessionContext(): SessionContext | null {
    return this._session;
  }

  /** Whether the kernel has the room feature (participants' QR code). */
  get hasRoom(): boolean {
    return this._hasRoom;
  }

  /** Emitted when what the toolbar offers changes (the room feature was found). */
  readonly changed = new Signal<this, void>(this);

  /** Start the kernel, bind the widget manager to it, and display the app. */
  async start(): Promise<void> {
    try {
      const sessions = this._options.manager.sessions;
      const session = new SessionContext({
        sessionManager: sessions,
        specsManager: this._options.manager.kernelspecs,
        path: await sessionPath(sessions, this.path, this._own),
        name: PathExt.basename(this.path),
        type: 'cjm-workshop',
        kernelPreference: {
          name: this._options.kernelName ?? 'python3',
          shouldStart: true,
          canStart: true,
          autoStartDefault: true,
          shouldReuse: false, // never another panel's session, even at the same path
          shutdownOnDispose: false // closeSession decides
        }
      });
      if (this.isDisposed) {
        session.dispose();
        return;
      }
      this._session = session;
      await session.initialize();
      await session.ready;
      if (this.isDisposed) {
        return; // closed while the kernel started: dispose() shuts it down
      }
      if (session.session) {
        this._own.add(session.session.id);
      }
      if (!session.session?.kernel) {
        throw new Error(this.strings.t('error.no_kernel'));
      }
      const manager = new PromiseDelegate<LabWidgetManager>();
      this._manager = registerWidgetManager(
        this._widgetContext(session),
        this.rendermime,
        this._renderers(manager)
      );
      // Let the manager finish asking the kernel for widgets before the app makes its own.
      await restored(await manager.promise);
      const reply = await OutputArea.execute(
        appCode(PathExt.basename(this.path)),
        this.outputArea,
        session
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
    if (this._session) {
      await OutputArea.execute(
        qrCode(PathExt.basename(this.path)),
        area,
        this._session
      );
    }
    return area;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._manager?.dispose();
    const session = this._session;
    super.dispose();
    // Fire and forget: the panel is gone, its kernel goes with it unless others use it.
    if (session) {
      void closeSession(session, this._own);
    }
  }

  /** What registerWidgetManager reads of a notebook's context, for this panel. */
  private _widgetContext(session: SessionContext): WidgetContext {
    return {
      sessionContext: session,
      saveState: new Signal<this, DocumentRegistry.SaveState>(this),
      model: {
        dirty: false,
        getMetadata: () => undefined,
        setMetadata: () => undefined
      },
      urlResolver: this._options.urlResolver,
      path: this.path
    } as unknown as WidgetContext;
  }

  /**
   * What the manager is handed once it exists: a probe that passes it on to `manager`,
   * and the widget views already rendered.
   */
  private *_renderers(
    manager: PromiseDelegate<LabWidgetManager>
  ): IterableIterator<WidgetRenderer> {
    const probe = {
      set manager(value: LabWidgetManager) {
        manager.resolve(value);
      }
    };
    yield probe as unknown as WidgetRenderer;
    for (const output of this.outputArea.widgets) {
      for (const child of Array.from((output as Panel).children?.() ?? [])) {
        if (child instanceof WidgetRenderer) {
          yield child;
        }
      }
    }
  }

  private async _run(code: string): Promise<void> {
    const kernel = this._session?.session?.kernel;
    if (!kernel) {
      return;
    }
    await kernel.requestExecute({ code, silent: false, store_history: false })
      .done;
  }

  private async _expression(expression: string): Promise<boolean> {
    const kernel = this._session?.session?.kernel;
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

  private _options: WorkshopView.IOptions;
  private _own: OwnSessions = OwnSessions.ofWindow;
  private _session: SessionContext | null = null;
  private _status: Widget;
  private _manager: IDisposable | null = null;
  private _hasRoom = false;
}

/**
 * The kernel sessions this window's panels started, kept in the tab's session storage so
 * that they are still known after the page is reloaded (and forgotten with the tab).
 * Only these are ever shut down by a panel: another window's session may show no
 * connection while that window reconnects.
 */
export class OwnSessions {
  constructor(
    private readonly _storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    private readonly _key = 'cjm-widgets:sessions'
  ) {}

  /** This window's sessions (none where the browser keeps no session storage). */
  static readonly ofWindow = new OwnSessions(windowStorage());

  has(id: string): boolean {
    return this._read().includes(id);
  }

  add(id: string): void {
    const ids = this._read();
    if (!ids.includes(id)) {
      this._write([...ids, id]);
    }
  }

  delete(id: string): void {
    this._write(this._read().filter(known => known !== id));
  }

  private _read(): string[] {
    try {
      const ids = JSON.parse(this._storage?.getItem(this._key) ?? '[]');
      return Array.isArray(ids) ? ids.filter(id => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  private _write(ids: string[]): void {
    try {
      this._storage?.setItem(this._key, JSON.stringify(ids));
    } catch {
      // storage full or refused: the session is simply not remembered
    }
  }
}

function windowStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null; // refused by the browser's privacy settings
  }
}

/** How many connections the server counts on the kernel (0 when it has none or is gone). */
async function connections(
  kernelId: string | undefined,
  settings: ServerConnection.ISettings | undefined
): Promise<number> {
  if (!kernelId) {
    return 0;
  }
  const model = await KernelAPI.getKernelModel(kernelId, settings);
  return model?.connections ?? 0;
}

/**
 * The session path of a new panel on `path`: the file's path with a `#` and the first
 * number no session on the file has (the kernel still starts in the file's folder).
 * Never the file's path itself: JupyterLab connects every document opened on a file to
 * a session at that path, which would count as another window using the kernel.
 *
 * Each panel has a kernel of its own, as each Voilà page does (windows follow each other
 * through the file), so closing one never stops another's. A session this window started
 * before it was reloaded, that nothing is connected to any more, is shut down first; any
 * other session on the file is left alone (another window may be reconnecting to it).
 */
export async function sessionPath(
  sessions: Session.IManager,
  path: string,
  own: OwnSessions = OwnSessions.ofWindow
): Promise<string> {
  await sessions.refreshRunning();
  const taken = new Set<string>();
  for (const model of Array.from(sessions.running())) {
    if (model.path !== path && !model.path.startsWith(`${path}#`)) {
      continue;
    }
    if (
      own.has(model.id) &&
      model.kernel &&
      (await connections(model.kernel.id, sessions.serverSettings)) === 0
    ) {
      await sessions.shutdown(model.id);
      own.delete(model.id);
    } else {
      taken.add(model.path);
    }
  }
  let number = 1;
  while (taken.has(`${path}#${number}`)) {
    number++;
  }
  return `${path}#${number}`;
}

/**
 * Shut a closed panel's kernel down, unless another window is connected to it (the
 * panel's own connection is one of them): then it is left running for them, and no
 * longer counted as this window's.
 */
export async function closeSession(
  session: SessionContext,
  own: OwnSessions = OwnSessions.ofWindow
): Promise<void> {
  const id = session.session?.id;
  const kernel = session.session?.kernel;
  try {
    if ((await connections(kernel?.id, kernel?.serverSettings)) <= 1) {
      await session.shutdown();
    }
  } catch (reason) {
    console.warn('cjm-widgets: kernel not shut down', reason);
  } finally {
    if (id) {
      own.delete(id);
    }
    session.dispose();
  }
}

/**
 * Resolves when the manager has loaded the kernel's existing widgets (at most a few
 * seconds: a restore that fails leaves the manager working for new widgets).
 */
export function restored(
  manager: LabWidgetManager,
  timeout = 10000
): Promise<void> {
  if (manager.restoredStatus) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      manager.restored.disconnect(done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, timeout);
    manager.restored.connect(done);
  });
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
