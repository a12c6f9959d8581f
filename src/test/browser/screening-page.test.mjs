// End-to-end tests of the /app/ screening page in a real browser: Debian's Chromium driven by playwright-core.
// Starts the packaged server (target/spine-pathways.jar) on a free port with the packaged content (its pathway forms
// pre-fill from the EHR), then fills the form like a user: two pathways' outcomes, EHR pre-fill, and a renderer's own
// response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const jar = process.env.JAR || path.join(repo, 'target/spine-pathways.jar');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const output = path.join(here, 'output');

let server;
let base;
let browser;

/** The packaged content: its pathway forms carry their own pre-fill (initialExpression over the facts Library). */
function contentWithPrefill() {
  return path.join(repo, 'src/main/resources/content');
}

function startServer(content) {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', '-jar', jar, 'serve', '--port', '0', '--content', content],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error('server did not start in time:\n' + log.slice(-3000))), 300000);
    const onData = (chunk) => {
      log += chunk;
      const m = /answering at (http:\/\/localhost:\d+)\/fhir/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('server exited with ' + code + ':\n' + log.slice(-3000))); });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(url + '/health/ready');
      if (r.status === 200) return;
    } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server never became ready');
}

before(async () => {
  assert.ok(fs.existsSync(jar), 'build the server first (mvn -B verify): ' + jar);
  fs.mkdirSync(output, { recursive: true });
  const started = await startServer(contentWithPrefill());
  server = started.child;
  base = started.url;
  await waitReady(base);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
});

async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(120000);
  await page.goto(base + '/app/');
  await page.waitForFunction(() => document.getElementById('pathway').options.length > 0);
  return { page, errors };
}

async function showForm(page, plan, records) {
  await page.selectOption('#pathway', plan);
  if (records) {
    await page.click('#ehr-details summary');
    await page.click('#example-ehr');
  }
  await page.click('#show-form');
  await page.waitForSelector('#form-section:not([hidden])');
  await page.waitForSelector('[id^="item-infection/"]');
}

/** Picks an option of an LHC-Forms list item (answer options or a $expand-ed answerValueSet). */
async function choose(page, linkId, optionText) {
  const input = page.locator(`input[id^="${linkId}/"]`).first();
  await input.click();
  await page.locator('#lhc-tools-searchResults li', { hasText: optionText }).first().click();
}

/** The same, for a question the pathway's form may not ask (the forms are per pathway). */
async function chooseIfAsked(page, linkId, optionText) {
  if (await page.locator(`input[id^="${linkId}/"]`).count()) await choose(page, linkId, optionText);
}

async function answer(page, linkId, value) {
  await page.locator(`[id^="${linkId}/"][id$="|${value}"]`).first().click();
}

/** Every yes/no question No, then the given ones. */
async function answerAll(page, yes) {
  const ids = await page.$$eval('[id$="|false"]', (els) => els.map((e) => e.id.split('/')[0]));
  for (const linkId of ids) {
    await answer(page, linkId, yes.includes(linkId) ? 'true' : 'false');
  }
}

async function submit(page) {
  await page.click('#submit');
  await page.waitForSelector('#result:not([hidden]), #errors:not(:empty)');
  const errors = await page.textContent('#errors');
  assert.equal(errors, '', 'the page shows no error');
}

test('drg block, all clear: the page shows eligible and an active procedure request', async () => {
  const { page, errors } = await openPage();
  await showForm(page, 'sip-drg-block');
  await chooseIfAsked(page, 'site-type', 'Spine');
  await choose(page, 'region', 'Lumbar spine');
  await chooseIfAsked(page, 'side', 'Left side');
  await answerAll(page, ['escort-home', 'companion-24h']);
  await page.screenshot({ path: path.join(output, 'form.png'), fullPage: true });
  await submit(page);
  assert.equal(await page.getAttribute('#decision', 'data-code'), 'eligible');
  assert.match(await page.textContent('#procedure'), /\(active\)/);
  assert.equal((await page.textContent('#findings')).trim(), 'None.');
  assert.ok((await page.$$('#instructions li')).length > 1, 'instructions listed');
  const letter = await page.frameLocator('#letter').locator('body').textContent();
  assert.match(letter, /Eligible/i, 'the letter states the decision');
  await page.screenshot({ path: path.join(output, 'careplan-eligible.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('drg block, current infection: the page shows postpone, the finding and its evidence', async () => {
  const { page, errors } = await openPage();
  await showForm(page, 'sip-drg-block');
  await chooseIfAsked(page, 'site-type', 'Spine');
  await choose(page, 'region', 'Cervical spine');
  await answerAll(page, ['escort-home', 'companion-24h', 'infection']);
  await submit(page);
  assert.equal(await page.getAttribute('#decision', 'data-code'), 'postpone');
  assert.match(await page.textContent('#procedure'), /\(on-hold\)/);
  const findings = await page.textContent('#findings');
  assert.match(findings, /high/i);
  assert.match(findings, /answer to 'infection'/);
  await page.screenshot({ path: path.join(output, 'careplan-postpone.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('pre-filled from an apixaban record, then changed by the patient: the care plan says so', async () => {
  const { page, errors } = await openPage();
  await showForm(page, 'sip-drg-block', true);
  assert.match(await page.textContent('#prefill-note'), /Pre-filled from the records/);
  const checked = await page.locator('[id^="blood-thinners/"][id$="|true"] input').isChecked();
  assert.equal(checked, true, 'blood thinners pre-filled yes');
  await chooseIfAsked(page, 'site-type', 'Spine');
  await choose(page, 'region', 'Lumbar spine');
  await answerAll(page, ['escort-home', 'companion-24h']);
  await submit(page);
  assert.match(await page.textContent('#prefills'), /'blood-thinners': changed/);
  // The active apixaban record still counts although the patient answered no; with no procedure date the
  // blood-thinner plan cannot be timed, so the safety floor holds the procedure for a clinician.
  assert.equal(await page.getAttribute('#decision', 'data-code'), 'clinician-review',
    'the active apixaban record still raises the blood-thinner rules');
  assert.match(await page.textContent('#findings'), /blood-thinning/i);
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Opens an answerValueSet question's list. LHC-Forms may re-render the form while it settles (an answer changes
 * what is enabled), detaching the input between finding and clicking it: the input is then found again, a few times.
 */
async function openOptions(page, linkId) {
  for (let attempt = 0; ; attempt++) {
    const input = page.locator(`input[id^="${linkId}/"]`).first();
    try {
      await input.scrollIntoViewIfNeeded({ timeout: 10000 });
      await input.click({ force: true, timeout: 20000 });
      return;
    } catch (e) {
      if (attempt >= 3 || !/not attached|detached/i.test(String(e))) throw e;
      await page.waitForTimeout(300);
    }
  }
}

test("every answerValueSet question of every pathway's form has its options, with displays", async () => {
  const { page } = await openPage();
  const plans = await page.$$eval('#pathway option', (os) => os.map((o) => o.value));
  assert.ok(plans.length >= 2);
  for (const plan of plans) {
    await showForm(page, plan);
    await chooseIfAsked(page, 'site-type', 'Spine');
    let checked = 0;
    for (const linkId of ['region', 'joint', 'side', 'procedure-type']) {
      const input = page.locator(`input[id^="${linkId}/"]`).first();
      if (!(await input.count()) || !(await input.isVisible())) continue;
      checked++;
      await openOptions(page, linkId);
      const options = await page.$$eval('#lhc-tools-searchResults li', (lis) => lis.map((li) => li.textContent.trim()));
      assert.ok(options.length >= 2 && options.every((o) => o.length > 0), plan + ' ' + linkId + ': ' + options);
      await page.keyboard.press('Escape');
    }
    assert.ok(checked >= 1, plan + ': its form shows answerValueSet questions');
  }
  await page.close();
});

test("LHC-Forms' own QuestionnaireResponse goes through $apply unchanged", async () => {
  const { page } = await openPage();
  await showForm(page, 'sip-drg-block');
  await chooseIfAsked(page, 'site-type', 'Spine');
  await choose(page, 'region', 'Lumbar spine');
  await answerAll(page, ['escort-home', 'companion-24h']);
  const result = await page.evaluate(async () => {
    // LHC-Forms' own export, given the patient as its subject option (as a clinic integration does).
    const form = document.getElementById('form');
    const response = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', form,
      { subject: { resourceType: 'Patient', id: 'example' } });
    const post = (qr) => fetch('../fhir/PlanDefinition/sip-drg-block/$apply', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Parameters', parameter: [
        { name: 'subject', valueString: 'Patient/example' },
        { name: 'questionnaireResponse', resource: qr }] }),
    });
    const r = await post(response);
    // Without a subject the response could be anyone's: refused, never applied to the request's patient.
    const anonymous = await post(LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', form));
    return { status: r.status, body: await r.text(), response, anonymous: anonymous.status,
      anonymousBody: await anonymous.text() };
  });
  assert.equal(result.response.subject && result.response.subject.reference, 'Patient/example',
    'LHC-Forms sets the subject it is given');
  assert.equal(result.anonymous, 422, result.anonymousBody.slice(0, 500));
  assert.match(result.anonymousBody, /subject/);
  assert.deepEqual(result.response.meta.profile, ['http://hl7.org/fhir/4.0/StructureDefinition/QuestionnaireResponse'],
    'the renderer claims the base profile');
  assert.equal(result.status, 200, result.body.slice(0, 2000));
  assert.match(result.body, /"code": ?"eligible"/);
  await page.close();
});
