/**
 * Which kernels a workshop panel shuts down: only sessions this window started, and a
 * closed panel's own kernel only when no other window is connected to it.
 */
import { RenderMimeRegistry } from '@jupyterlab/rendermime';
import { KernelAPI } from '@jupyterlab/services';

import { closeSession, OwnSessions, sessionPath, WorkshopView } from '../panel';
import { ENGLISH, Strings } from '../strings';

// The widget manager is not what is tested here (and its HTML sanitizer ships ES modules).
jest.mock('@jupyter-widgets/jupyterlab-manager', () => ({
  LabWidgetManager: class {},
  WidgetRenderer: class {},
  registerWidgetManager: jest.fn()
}));

jest.mock('@jupyterlab/services', () => {
  const actual = jest.requireActual('@jupyterlab/services');
  return {
    ...actual,
    KernelAPI: { ...actual.KernelAPI, getKernelModel: jest.fn() }
  };
});

const getKernelModel = KernelAPI.getKernelModel as jest.Mock;
const PATH = 'team/Moving house.cjm.json';

/** What the server counts: connections per kernel id. */
function connections(counts: Record<string, number>) {
  getKernelModel.mockImplementation(async (id: string) =>
    id in counts ? { id, name: 'python3', connections: counts[id] } : undefined
  );
}

function storage(): Pick<Storage, 'getItem' | 'setItem'> {
  const kept = new Map<string, string>();
  return {
    getItem: key => kept.get(key) ?? null,
    setItem: (key, value) => void kept.set(key, value)
  };
}

function sessions(models: { id: string; path: string; kernel: string }[]) {
  return {
    serverSettings: {},
    refreshRunning: jest.fn(async () => undefined),
    running: () =>
      models.map(m => ({ ...m, kernel: { id: m.kernel, name: 'python3' } })),
    shutdown: jest.fn(async () => undefined)
  } as any;
}

function fakeSession(id: string, kernel: string) {
  return {
    session: { id, kernel: { id: kernel, serverSettings: {} } },
    shutdown: jest.fn(async () => undefined),
    dispose: jest.fn()
  } as any;
}

beforeEach(() => {
  getKernelModel.mockReset();
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('sessionPath', () => {
  it("is the file's path with a number, never the path a document connects to", async () => {
    const own = new OwnSessions(storage());
    expect(await sessionPath(sessions([]), PATH, own)).toBe(`${PATH}#1`);
  });

  it("leaves another window's session alone while it reconnects", async () => {
    connections({ 'k-other': 0, 'k-old': 0 });
    const manager = sessions([
      { id: 's-other', path: `${PATH}#1`, kernel: 'k-other' },
      { id: 's-old', path: PATH, kernel: 'k-old' } // an earlier version's
    ]);
    const own = new OwnSessions(storage());
    expect(await sessionPath(manager, PATH, own)).toBe(`${PATH}#2`);
    expect(manager.shutdown).not.toHaveBeenCalled();
  });

  it('shuts down the session this window left behind when it was reloaded', async () => {
    connections({ 'k-mine': 0, 'k-other': 0 });
    const manager = sessions([
      { id: 's-mine', path: `${PATH}#1`, kernel: 'k-mine' },
      { id: 's-other', path: `${PATH}#2`, kernel: 'k-other' }
    ]);
    const own = new OwnSessions(storage());
    own.add('s-mine');
    expect(await sessionPath(manager, PATH, own)).toBe(`${PATH}#1`);
    expect(manager.shutdown.mock.calls).toEqual([['s-mine']]);
    expect(own.has('s-mine')).toBe(false);
  });

  it("keeps this window's session while another window uses it", async () => {
    connections({ 'k-mine': 1 });
    const manager = sessions([
      { id: 's-mine', path: `${PATH}#1`, kernel: 'k-mine' }
    ]);
    const own = new OwnSessions(storage());
    own.add('s-mine');
    expect(await sessionPath(manager, PATH, own)).toBe(`${PATH}#2`);
    expect(manager.shutdown).not.toHaveBeenCalled();
  });

  it('looks only at sessions on the same file', async () => {
    connections({ k: 0 });
    const manager = sessions([
      { id: 's', path: 'team/Moving house.cjm.json.bak#1', kernel: 'k' }
    ]);
    const own = new OwnSessions(storage());
    own.add('s');
    expect(await sessionPath(manager, PATH, own)).toBe(`${PATH}#1`);
    expect(manager.shutdown).not.toHaveBeenCalled();
  });
});

describe('OwnSessions', () => {
  it('remembers ids across instances on the same storage and survives junk', () => {
    const kept = storage();
    new OwnSessions(kept).add('a');
    new OwnSessions(kept).add('b');
    expect(new OwnSessions(kept).has('a')).toBe(true);
    new OwnSessions(kept).delete('a');
    expect(new OwnSessions(kept).has('a')).toBe(false);
    expect(new OwnSessions(kept).has('b')).toBe(true);
    kept.setItem('cjm-widgets:sessions', '{not json');
    expect(new OwnSessions(kept).has('b')).toBe(false);
    expect(new OwnSessions(null).has('b')).toBe(false);
  });
});

describe('closing a panel', () => {
  const view = () =>
    new WorkshopView({
      path: PATH,
      manager: {} as any, // not asked: the session is the test's
      rendermime: new RenderMimeRegistry(),
      urlResolver: {} as any,
      strings: new Strings(ENGLISH)
    });
  const settle = () => new Promise(resolve => setTimeout(resolve, 0));

  it('leaves its kernel running while another window is connected to it', async () => {
    connections({ k: 2 });
    const panel = view();
    const session = fakeSession('s', 'k');
    (panel as any)._session = session;
    panel.dispose();
    await settle();
    expect(session.shutdown).not.toHaveBeenCalled();
    expect(session.dispose).toHaveBeenCalled();
  });

  it('shuts its kernel down when it is the only one connected', async () => {
    connections({ k: 1 });
    const panel = view();
    const session = fakeSession('s', 'k');
    (panel as any)._session = session;
    panel.dispose();
    await settle();
    expect(session.shutdown).toHaveBeenCalled();
    expect(session.dispose).toHaveBeenCalled();
  });

  it('forgets the session as its own either way', async () => {
    const own = new OwnSessions(storage());
    own.add('s');
    connections({ k: 3 });
    await closeSession(fakeSession('s', 'k'), own);
    expect(own.has('s')).toBe(false);
  });

  it('still lets go of the session when the server cannot be asked', async () => {
    getKernelModel.mockRejectedValue(new Error('offline'));
    const session = fakeSession('s', 'k');
    await closeSession(session, new OwnSessions(storage()));
    expect(session.dispose).toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalled();
  });
});
