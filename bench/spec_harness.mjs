// Runs a mermaid spec file's test bodies with every dependency stubbed, and prints (as JSON)
// the strings its tests pass to parse/render calls: the parametrised tests (loops, it.each)
// build their diagrams at run time, so reading the literals is not enough.
// Usage: node bench/spec_harness.mjs < spec.js > strings.json
import vm from 'node:vm';

const source = await new Promise((resolve) => {
  let data = '';
  process.stdin.on('data', (chunk) => (data += chunk));
  process.stdin.on('end', () => resolve(data));
});
const found = [];
const record = (text) => {
  if (typeof text === 'string') found.push(text);
  return any;
};
const any = new Proxy(function () {}, {
  get(_, prop) {
    if (prop === Symbol.toPrimitive) return () => 0;
    if (prop === Symbol.iterator) return function* () {};
    if (prop === 'then') return undefined;
    if (['parse', 'fromText', 'getDiagramFromText', 'render'].includes(prop)) return record;
    return any;
  },
  apply: () => any,
  construct: () => any,
});
const hooks = [];
const tests = [];
const each = (register) => (table) => (name, fn) =>
  table.forEach((row) => register(name, () => (Array.isArray(row) ? fn(...row) : fn(row))));
const it = (name, fn) => tests.push(fn);
it.each = each(it);
it.skip = () => {};
it.only = it;
it.todo = () => {};
const describe = (name, fn) => fn && fn();
describe.each = each(describe);
describe.skip = () => {};
describe.only = describe;
const context = vm.createContext({
  describe, it, test: it, expect: any, vi: any, cy: any, beforeEach: (fn) => hooks.push(fn),
  beforeAll: (fn) => fn(), afterEach: () => {}, afterAll: () => {}, console: { log() {} },
  imgSnapshotTest: record, renderGraph: record, imgSnapshotTestMultiple: any,
  cleanupComments: (text) => text, setConfig: any, flow: { parser: { parse: record, yy: any } },
  FlowDB: any, mermaidAPI: any, Diagram: any, mermaid: any, addDiagrams: any, setSiteConfig: any,
  urlSnapshotTest: any, renderGraphs: any, getConfig: any,
});
// imports become stubs; `export` is dropped
const body = source
  .replace(/^import\s+[\s\S]*?from\s+['"][^'"]+['"];?\s*$/gm, '')
  .replace(/^import\s+['"][^'"]+['"];?\s*$/gm, '')
  .replace(/^export\s+/gm, '')
  // the little TypeScript the rendering specs use
  .replace(/\s+as\s+const\b/g, '')
  .replace(/^(?:type|interface)\s+\w+[^\n]*\{[\s\S]*?^\}\s*$/gm, '')
  .replace(/\b(\w+)\??\s*:\s*(?:string|number|boolean|any|unknown|\w+Shape\w*|typeof \w+)(?:\[\])?(?=\s*[,)=;])/g, '$1');
const names = [...new Set([...source.matchAll(/^import\s+(?:\{([^}]*)\}|(\w+))/gm)]
  .flatMap((m) => (m[1] ? m[1].split(',').map((s) => s.split(' as ').pop().trim()) : [m[2]]))
  .filter((n) => n && !(n in context)))];
const prelude = names.map((n) => `var ${n} = __any;`).join('\n');
context.__any = any;
try {
  vm.runInContext(`${prelude}\n${body}`, context, { timeout: 5000 });
} catch (error) {
  process.stderr.write(`load: ${error}\n`);
}
for (const fn of tests) {
  try {
    hooks.forEach((hook) => hook());
    const result = fn.call(any, () => {});
    if (result && typeof result.catch === 'function') await result.catch(() => {});
  } catch (error) {
    // a test body that needs the real parser's results: its parse input is recorded already
  }
}
process.stdout.write(JSON.stringify(found));
