// Drives Debian's chromium with playwright-core for WebTransportBrowserIT, with QUIC enabled (the demo's driver
// disables it). It uses the playwright-core that zapsocket-examples/e2e/install.sh installs.
//
// Protocol: one JSON request per line on stdin, {"id":1,"cmd":"open","url":"..."}; one JSON answer per line on
// stdout, {"id":1,"ok":true,"result":...} or {"id":1,"ok":false,"error":"..."}. The first line written is
// {"ready":true,"version":"..."}. When stdin closes, the browser is closed and the process exits.
//
// usage: node driver.js <node_modules dir with playwright-core> <chromium-executable>
"use strict";

const path = require("path");
const { chromium } = require(path.join(process.argv[2], "playwright-core"));
const readline = require("readline");

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"].concat(process.env.ZAPSOCKET_CHROMIUM_FLAGS ? process.env.ZAPSOCKET_CHROMIUM_FLAGS.split(" ") : []);

let browser;
let page;
const log = [];

const commands = {
  async open({ url }) {
    if (page) await page.context().close();
    const context = await browser.newContext();
    page = await context.newPage();
    log.length = 0;
    page.on("console", (m) => log.push(m.type() + ": " + m.text()));
    page.on("pageerror", (e) => log.push("pageerror: " + e.message));
    await page.goto(url, { waitUntil: "load" });
    return null;
  },
  async waitFor({ expression, timeout }) {
    const start = Date.now();
    await page.waitForFunction(expression, null, { timeout: timeout || 10000, polling: 25 });
    return Date.now() - start;
  },
  async eval({ expression }) {
    return await page.evaluate(expression);
  },
  async log() {
    return log.slice();
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
  browser = await chromium.launch({ executablePath: process.argv[3], headless: true, args: FLAGS, timeout: 60000 });
  send({ ready: true, version: browser.version() });
  const rl = readline.createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  rl.on("line", (line) => {
    chain = chain.then(async () => {
      let req;
      try {
        req = JSON.parse(line);
        const result = await commands[req.cmd](req);
        send({ id: req.id, ok: true, result: result === undefined ? null : result });
      } catch (e) {
        send({ id: req ? req.id : null, ok: false, error: String(e && e.message || e) });
      }
    });
  });
  rl.on("close", () => chain.then(() => shutdown(0)));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  shutdown(1);
});
