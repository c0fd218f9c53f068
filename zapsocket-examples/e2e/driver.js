// Drives Debian's chromium with playwright-core for the demo's browser tests (DemoBrowserIT).
//
// Protocol: one JSON request per line on stdin, {"id":1,"cmd":"open","page":"a","url":"..."}; one JSON answer per
// line on stdout, {"id":1,"ok":true,"result":...} or {"id":1,"ok":false,"error":"..."}. The first line written is
// {"ready":true,"version":"<chromium version>"}. Each named page lives in its own browser context (its own cookies
// and storage), as two people on two machines would. When stdin closes (the test JVM is gone), the browser is
// closed and the process exits, so no chromium outlives the test.
//
// usage: node driver.js <chromium-executable>
"use strict";

const { chromium } = require("playwright-core");
const readline = require("readline");

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"];

const executablePath = process.argv[2] || "/usr/bin/chromium";
let browser;
const pages = new Map(); // name -> { context, page, log: [] }

function page(name) {
  const p = pages.get(name);
  if (!p) throw new Error("no page " + name);
  return p.page;
}

const commands = {
  // a new context and page, loaded
  async open({ page: name, url }) {
    if (pages.has(name)) throw new Error("page " + name + " is open");
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const p = await context.newPage();
    const log = [];
    p.on("console", (m) => log.push(m.type() + ": " + m.text()));
    p.on("pageerror", (e) => log.push("pageerror: " + e.message));
    pages.set(name, { context, page: p, log });
    await p.goto(url, { waitUntil: "load" });
    return null;
  },
  async reload({ page: name }) {
    await page(name).reload({ waitUntil: "load" });
    return null;
  },
  async click({ page: name, selector }) {
    await page(name).click(selector, { timeout: 5000 });
    return null;
  },
  async dblclick({ page: name, selector }) {
    await page(name).dblclick(selector, { timeout: 5000 });
    return null;
  },
  async fill({ page: name, selector, value }) {
    await page(name).fill(selector, value, { timeout: 5000 });
    return null;
  },
  // key by key, so that input events fire as when a person types
  async type({ page: name, selector, text }) {
    await page(name).locator(selector).pressSequentially(text, { delay: 20, timeout: 5000 });
    return null;
  },
  async press({ page: name, selector, key }) {
    await page(name).press(selector, key, { timeout: 5000 });
    return null;
  },
  // waits until `expression` (a JavaScript expression evaluated in the page) is truthy; answers the ms it took
  async waitFor({ page: name, expression, timeout }) {
    const start = Date.now();
    await page(name).waitForFunction(expression, null, { timeout: timeout || 5000, polling: 25 });
    return Date.now() - start;
  },
  async eval({ page: name, expression }) {
    return await page(name).evaluate(expression);
  },
  // the whole page, or the rectangle `clip` ({x, y, width, height})
  async screenshot({ page: name, path, clip }) {
    await page(name).screenshot(clip ? { path, clip } : { path, fullPage: true });
    return path;
  },
  async log({ page: name }) {
    const p = pages.get(name);
    return p ? p.log : [];
  },
  async close({ page: name }) {
    const p = pages.get(name);
    if (p) {
      pages.delete(name);
      await p.context.close();
    }
    return null;
  },
  async closeAll() {
    for (const name of [...pages.keys()]) await commands.close({ page: name });
    return null;
  },
};

function send(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

async function shutdown(code) {
  try {
    if (browser) await browser.close();
  } catch (e) {
    // exiting anyway
  }
  process.exit(code);
}

async function main() {
  browser = await chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 60000 });
  send({ ready: true, version: browser.version() });
  const rl = readline.createInterface({ input: process.stdin });
  // one request at a time, in order, like a person at the keyboard
  let chain = Promise.resolve();
  rl.on("line", (line) => {
    chain = chain.then(async () => {
      let req;
      try {
        req = JSON.parse(line);
      } catch (e) {
        send({ id: null, ok: false, error: "bad request line: " + line });
        return;
      }
      if (req.cmd === "quit") {
        send({ id: req.id, ok: true, result: null });
        await shutdown(0);
        return;
      }
      try {
        const fn = commands[req.cmd];
        if (!fn) throw new Error("unknown command " + req.cmd);
        send({ id: req.id, ok: true, result: (await fn(req)) ?? null });
      } catch (e) {
        send({ id: req.id, ok: false, error: String(e && e.message || e) });
      }
    });
  });
  rl.on("close", () => chain.then(() => shutdown(0)));
}

process.on("SIGTERM", () => shutdown(143));
main().catch((e) => {
  process.stderr.write("driver: " + (e && e.stack || e) + "\n");
  shutdown(1);
});
