/**
 * The Python the workshop panel runs in its kernel. The panel only wires JupyterLab to
 * the project's own widgets: the app is `cjm_widgets.widgets.app.WorkshopApp`, as in
 * the facilitator's notebook (templates/notebooks/workshop.ipynb).
 */

/** The name the app is kept under in the kernel. */
export const APP_NAME = '_cjm_app';

/**
 * A Python string literal of `text` (JSON string syntax is valid Python, and keeps
 * quotes, backslashes and line breaks in file names harmless).
 */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** The app on a workshop file in the kernel's working directory (the file's folder). */
export function appCode(fileName: string): string {
  return [
    'from cjm_widgets import WorkshopApp',
    '',
    `${APP_NAME} = WorkshopApp(${pythonString(fileName)})`,
    APP_NAME
  ].join('\n');
}

/**
 * Present the map: the app's own presentation mode where it has one, else its journey
 * map step (the panel then goes full screen).
 */
export function presentCode(on: boolean): string {
  const flag = on ? 'True' : 'False';
  return [
    `if hasattr(${APP_NAME}, "present"):`,
    `    ${APP_NAME}.present(${flag})`,
    `elif ${flag}:`,
    `    ${APP_NAME}.go("map")`
  ].join('\n');
}

/** A user expression that is `True` when the room feature (participants' pages) exists. */
export const ROOM_EXPRESSION =
  '__import__("importlib.util").util.find_spec("cjm_widgets.room") is not None';

/** Display the participants' QR code of the workshop. */
export function qrCode(fileName: string): string {
  return [
    'from cjm_widgets.room import qr_widget',
    '',
    `qr_widget(${pythonString(fileName)})`
  ].join('\n');
}
