// Encodes GPP strings with the IAB reference encoder (@iabgpp/cmpapi GppModel) and dumps its own decode.
// stdin: a JSON list of {name, sections: [[sectionName, {field: value}], ...]} (see test_gpp.py);
// stdout: a JSON list of {name, gpp, sectionIds, sections: {sectionName: {field: value}}}.
// NPM_FIXTURES_DIR: the prefix scripts/npm-fixtures.sh installs into (it holds node_modules/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = join(process.env.NPM_FIXTURES_DIR, 'node_modules');
const { GppModel, RangeEntry } = await import(pathToFileURL(join(modules, '@iabgpp/cmpapi/lib/mjs/index.js')).href);

const DATE_FIELDS = new Set(['Created', 'LastUpdated']);

function value(field, raw) {
  if (DATE_FIELDS.has(field)) return new Date(raw);
  if (field === 'PublisherRestrictions') return raw.map((r) => new RangeEntry(r.key, r.type, r.ids));
  return raw;
}

function encode(spec) {
  const model = new GppModel();
  for (const [section, fields] of spec.sections) {
    // Setting any tcfeuv2 field stamps Created/LastUpdated with today: set the dates last.
    const ordered = Object.entries(fields).sort(([a], [b]) => DATE_FIELDS.has(a) - DATE_FIELDS.has(b));
    for (const [field, raw] of ordered) model.setFieldValue(section, field, value(field, raw));
  }
  return model.encode();
}

// Dates as epoch milliseconds; RangeEntry objects serialise as {key, type, ids}.
const plain = (obj) =>
  JSON.parse(JSON.stringify(obj, (k, v) => (typeof v === 'string' && DATE_FIELDS.has(k) ? Date.parse(v) : v)));

function dump(gpp, names) {
  const model = new GppModel(gpp);
  const sections = Object.fromEntries(names.map((name) => [name, plain(model.getSection(name))]));
  // toObj() leaves out whether usnat's optional GPC sub-section is there.
  if (sections.usnat) sections.usnat.GpcSegmentIncluded = model.getFieldValue('usnat', 'GpcSegmentIncluded');
  return { sectionIds: model.getHeader().SectionIds, sections };
}

const specs = JSON.parse(readFileSync(0, 'utf8'));
const out = specs.map((spec) => {
  const gpp = encode(spec);
  return { name: spec.name, gpp, ...dump(gpp, spec.sections.map(([name]) => name)) };
});
process.stdout.write(JSON.stringify(out));
