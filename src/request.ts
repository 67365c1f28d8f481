import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The server extension's namespace (cjm_widgets/lab_server.py ROUTE). */
export const ROUTE = 'cjm-widgets';

/**
 * An error the server explained: its message is meant for the user as it is.
 */
export class RefusedError extends Error {}

/**
 * Call the extension's server side; the token and the XSRF cookie go along as with
 * every JupyterLab request (ServerConnection).
 */
export async function requestAPI<T>(
  endPoint: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, ROUTE, endPoint);
  const response = await ServerConnection.makeRequest(url, init, settings);
  const text = await response.text();
  let data: any = {};
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!response.ok) {
    if (typeof data.message === 'string' && response.status === 400) {
      throw new RefusedError(data.message);
    }
    throw new ServerConnection.ResponseError(response, data.message);
  }
  return data as T;
}

/** POST a JSON body. */
export function postAPI<T>(
  endPoint: string,
  body: Record<string, unknown>,
  settings?: ServerConnection.ISettings
): Promise<T> {
  return requestAPI<T>(
    endPoint,
    { method: 'POST', body: JSON.stringify(body) },
    settings
  );
}
