// Reads a Mermaid diagram on stdin, parses it with Mermaid itself, and prints what
// Mermaid understood (title, sections, tasks with score and people) as JSON.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

let text = "";
for await (const chunk of process.stdin) text += chunk;
try {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  process.stdout.write(
    JSON.stringify({ title: db.getDiagramTitle(), sections: db.getSections(), tasks: db.getTasks() }),
  );
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error.message ?? error) }));
}
