// SVG files are bundled as strings (JupyterLab's builder uses webpack's asset/source).
declare module '*.svg' {
  const value: string;
  export default value;
}
