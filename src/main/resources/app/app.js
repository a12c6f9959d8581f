// The screening page: pathway -> (optional) $populate -> LHC-Forms -> $apply -> care plan.
// Plain DOM; every text from the server is set with textContent; narratives go into a sandboxed iframe.
'use strict';

const BASE = new URL('../fhir/', window.location.href).href;
const EXT = 'http://spinal-injection-pathways.org/fhir/StructureDefinition/';
const state = { plans: [], questionnaire: null, prefill: null, data: null };
const $ = (id) => document.getElementById(id);

async function fhir(path, body) {
  const init = { headers: { Accept: 'application/fhir+json' } };
  if (body) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/fhir+json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, BASE), init);
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error('The server answered ' + response.status);
    error.outcome = json;
    throw error;
  }
  return json;
}

// LHC-Forms asks its FHIR context for ValueSet/$expand (answerValueSet items) and the server's FHIR version.
const formsClient = {
  request: (req) => fhir(typeof req === 'string' ? req : req.url),
  getFhirVersion: () => Promise.resolve('4.0.1'),
};

function say(text) { $('status').textContent = text; }

function showError(error) {
  const box = $('errors');
  box.replaceChildren();
  const p = document.createElement('p');
  p.textContent = error.message;
  box.append(p);
  const issues = error.outcome && error.outcome.issue ? error.outcome.issue : [];
  if (issues.length) {
    const list = document.createElement('ul');
    for (const issue of issues) {
      const li = document.createElement('li');
      li.textContent = (issue.diagnostics || issue.code) + (issue.expression ? ' (' + issue.expression.join(', ') + ')' : '');
      list.append(li);
    }
    box.append(list);
  }
  say('');
}

async function allPages(path) {
  const out = [];
  let bundle = await fhir(path);
  for (;;) {
    (bundle.entry || []).forEach((e) => out.push(e.resource));
    const next = (bundle.link || []).find((l) => l.relation === 'next');
    if (!next) return out;
    bundle = await fhir(next.url);
  }
}

const urlOf = (canonical) => canonical.split('|')[0];

/** The plan's screening Questionnaire: its first action, depth first through nested plans, defined by one. */
function screeningCanonical(plan, plansByUrl, seen = new Set()) {
  seen.add(plan.url);
  const walk = (actions) => {
    for (const action of actions || []) {
      const def = action.definitionCanonical;
      if (def && /\/Questionnaire\//.test(urlOf(def))) return def;
      const sub = def && plansByUrl.get(urlOf(def));
      if (sub && !seen.has(sub.url)) {
        const found = screeningCanonical(sub, plansByUrl, seen);
        if (found) return found;
      }
      const inner = walk(action.action);
      if (inner) return inner;
    }
    return null;
  };
  return walk(plan.action);
}

async function loadPathways() {
  say('Loading the pathways…');
  const plans = await allPages('PlanDefinition');
  const byUrl = new Map(plans.map((p) => [p.url, p]));
  state.plans = plans
    .map((plan) => ({ plan, screening: screeningCanonical(plan, byUrl) }))
    .filter((p) => p.screening)
    .sort((a, b) => (a.plan.title || a.plan.id).localeCompare(b.plan.title || b.plan.id));
  const select = $('pathway');
  select.replaceChildren();
  for (const { plan } of state.plans) {
    const option = document.createElement('option');
    option.value = plan.id;
    option.textContent = (plan.title || plan.name || plan.id) + ' (' + plan.id + ')';
    select.append(option);
  }
  say(state.plans.length + ' pathways');
}

async function questionnaireFor(canonical) {
  const [url, version] = canonical.split('|');
  const query = 'Questionnaire?url=' + encodeURIComponent(url) + (version ? '&version=' + encodeURIComponent(version) : '');
  const found = await allPages(query);
  if (!found.length) throw new Error('The server has no Questionnaire ' + canonical);
  return found[0];
}

function chosen() { return state.plans.find((p) => p.plan.id === $('pathway').value); }
function subject() { return 'Patient/' + $('patient').value.trim(); }

function records() {
  const text = $('ehr').value.trim();
  if (!text) return null;
  let data;
  try { data = JSON.parse(text); } catch (e) { throw new Error('The records are not valid JSON: ' + e.message); }
  if (!data || data.resourceType !== 'Bundle') throw new Error('The records must be a FHIR Bundle');
  return data;
}

async function showForm(event) {
  event.preventDefault();
  $('errors').replaceChildren();
  $('result').hidden = true;
  try {
    const pathway = chosen();
    if (!$('setup').reportValidity() || !pathway) return;
    state.questionnaire = await questionnaireFor(pathway.screening);
    state.data = records();
    state.prefill = null;
    let form = LForms.Util.convertFHIRQuestionnaireToLForms(state.questionnaire, 'R4');
    const note = $('prefill-note');
    note.hidden = true;
    if (state.data) {
      say('Pre-filling from the records…');
      const out = await fhir('Questionnaire/' + encodeURIComponent(state.questionnaire.id) + '/$populate', {
        resourceType: 'Parameters',
        parameter: [
          { name: 'subject', valueReference: { reference: subject() } },
          { name: 'data', resource: state.data },
        ],
      });
      state.prefill = out.parameter.find((p) => p.name === 'response').resource;
      const filled = prefilledItems(state.prefill);
      form = LForms.Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', state.prefill, form, 'R4');
      note.textContent = filled.length
        ? 'Pre-filled from the records: ' + filled.map((i) => i.text || i.linkId).join('; ') + '. Please check them.'
        : 'Nothing could be pre-filled from these records.';
      note.hidden = false;
    }
    say('Rendering the form…');
    await LForms.Util.addFormToPage(form, $('form'), { fhirVersion: 'R4' });
    $('form-section').hidden = false;
    say('Form ready: ' + (state.questionnaire.title || state.questionnaire.id));
    $('form-heading').focus();
  } catch (error) {
    showError(error);
  }
}

function prefilledItems(response) {
  const out = [];
  const walk = (items) => (items || []).forEach((item) => {
    if ((item.extension || []).some((e) => e.url === EXT + 'sip-answer-origin')) out.push(item);
    walk(item.item);
    (item.answer || []).forEach((a) => walk(a.item));
  });
  walk(response.item);
  return out;
}

/** Puts each pre-filled item's origin back on the renderer's output, so $apply sees kept and changed answers. */
function keepOrigins(response) {
  if (!state.prefill) return;
  const origins = new Map(prefilledItems(state.prefill).map((i) => [i.linkId,
    i.extension.filter((e) => e.url === EXT + 'sip-answer-origin')]));
  const walk = (items) => (items || []).forEach((item) => {
    if (origins.has(item.linkId)) item.extension = (item.extension || []).concat(origins.get(item.linkId));
    walk(item.item);
    (item.answer || []).forEach((a) => walk(a.item));
  });
  walk(response.item);
}

async function submit() {
  $('errors').replaceChildren();
  try {
    const pathway = chosen();
    const response = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', $('form'));
    const q = state.questionnaire;
    response.questionnaire = q.url + (q.version ? '|' + q.version : '');
    response.status = 'completed';
    response.subject = { reference: subject() };
    response.authored = new Date().toISOString();
    keepOrigins(response);
    const parameter = [
      { name: 'subject', valueString: subject() },
      { name: 'questionnaireResponse', resource: response },
    ];
    if (state.data) parameter.push({ name: 'data', resource: state.data });
    say('Applying ' + pathway.plan.id + '…');
    const carePlan = await fhir('PlanDefinition/' + encodeURIComponent(pathway.plan.id) + '/$apply',
      { resourceType: 'Parameters', parameter });
    showCarePlan(carePlan);
  } catch (error) {
    showError(error);
  }
}

const contained = (carePlan, type) => (carePlan.contained || []).filter((r) => r.resourceType === type);
const codeText = (cc) => cc && (cc.text || (cc.coding || []).map((c) => c.display || c.code).join(', '));

function item(list, text) {
  const li = document.createElement('li');
  if (Array.isArray(text)) li.append(...text); else li.textContent = text;
  list.append(li);
}

function showCarePlan(carePlan) {
  const decision = (carePlan.extension || []).find((e) => e.url === EXT + 'sip-pathway-decision');
  const coding = decision ? decision.valueCodeableConcept.coding[0] : { code: 'unknown', display: 'unknown' };
  const d = $('decision');
  d.textContent = coding.display || coding.code;
  d.className = 'decision-' + coding.code;
  d.dataset.code = coding.code;

  const procedures = contained(carePlan, 'ServiceRequest').filter((s) => (s.meta && (s.meta.profile || []).some((p) => p.endsWith('sip-procedure-servicerequest'))));
  $('procedure').textContent = procedures.length
    ? 'Procedure request: ' + procedures.map((s) => codeText(s.code) + ' (' + s.status + ')').join('; ')
    : 'No procedure request was raised.';

  const findings = $('findings');
  findings.replaceChildren();
  for (const issue of contained(carePlan, 'DetectedIssue')) {
    const severity = document.createElement('span');
    severity.className = 'severity';
    severity.textContent = issue.severity || '';
    const evidence = (issue.evidence || []).flatMap((e) => (e.detail || []).map((ref) => {
      const link = (e.extension || []).find((x) => x.url === EXT + 'sip-evidence-link-id');
      return link ? "answer to '" + link.valueString + "'" : ref.reference;
    }));
    item(findings, [severity, document.createTextNode((issue.detail || codeText(issue.code) || '')
      + (evidence.length ? ' Evidence: ' + evidence.join(', ') + '.' : ''))]);
  }
  if (!findings.children.length) item(findings, 'None.');

  const instructions = $('instructions');
  instructions.replaceChildren();
  for (const cr of contained(carePlan, 'CommunicationRequest')) {
    (cr.payload || []).forEach((p) => p.contentString && item(instructions, p.contentString));
  }
  if (!instructions.children.length) item(instructions, 'None.');

  const tasks = $('tasks');
  tasks.replaceChildren();
  contained(carePlan, 'Task').forEach((t) => item(tasks, t.description || codeText(t.code) || t.id));
  if (!tasks.children.length) item(tasks, 'None.');

  const explanation = contained(carePlan, 'Parameters').find((p) => p.id === 'explanation-actions');
  const prefills = (explanation ? explanation.parameter : []).filter((p) => p.name === 'prefill');
  const list = $('prefills');
  list.replaceChildren();
  for (const p of prefills) {
    const part = (name) => p.part.filter((x) => x.name === name);
    const value = (x) => { const k = Object.keys(x).find((key) => key.startsWith('value')); return k ? JSON.stringify(x[k]) : ''; };
    item(list, "'" + part('linkId')[0].valueString + "': " + part('status')[0].valueCode + ' (pre-filled '
      + part('prefilled').map(value).join(', ') + ', answered ' + (part('answered').map(value).join(', ') || 'nothing') + ')');
  }
  list.hidden = $('prefill-heading').hidden = prefills.length === 0;

  const narratives = [carePlan].concat(contained(carePlan, 'Consent'))
    .map((r) => (r.text && r.text.div) || '').join('<hr>');
  $('letter').srcdoc = '<!doctype html><html lang="en"><head><meta charset="utf-8"><style>body{font-family:sans-serif;'
    + 'line-height:1.5;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}'
    + '</style></head><body>' + narratives + '</body></html>';

  $('result').hidden = false;
  say('Care plan ready: ' + (coding.display || coding.code));
  $('result-heading').tabIndex = -1;
  $('result-heading').focus();
}

const EXAMPLE_RECORDS = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [{
    resource: {
      resourceType: 'MedicationStatement', id: 'apixaban-1', status: 'active',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1364430', display: 'apixaban' }] },
      subject: { reference: 'Patient/example' },
    },
  }],
};

function start() {
  LForms.Util.setFHIRContext(formsClient);
  $('setup').addEventListener('submit', showForm);
  $('submit').addEventListener('click', submit);
  $('example-ehr').addEventListener('click', () => {
    const example = JSON.parse(JSON.stringify(EXAMPLE_RECORDS));
    example.entry.forEach((e) => { e.resource.subject = { reference: subject() }; });
    $('ehr').value = JSON.stringify(example, null, 2);
  });
  $('form-heading').tabIndex = -1;
  loadPathways().catch(showError);
}

if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', start); else start();
