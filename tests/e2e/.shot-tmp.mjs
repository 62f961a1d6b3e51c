import { launch, serve, openPage } from '/work/main/tests/e2e/harness.mjs';
const [url, out, width, height] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const { page, errors, context } = await openPage(browser, server.url + url, { width: Number(width||1280), height: Number(height||900) });
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: false });
console.log('errors', JSON.stringify(errors));
await context.close(); await browser.close(); await server.close();
