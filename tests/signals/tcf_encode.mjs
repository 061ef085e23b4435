// Encodes TC strings with the IAB reference encoder (@iabtcf/core) and dumps the encoder's own decode.
// stdin: a JSON list of specs (see test_tcf.py); stdout: a JSON list of {name, tc, decoded}.
// NPM_FIXTURES_DIR: the prefix scripts/npm-fixtures.sh installs into (it holds node_modules/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = join(process.env.NPM_FIXTURES_DIR, 'node_modules');
const { GVL, TCModel, TCString, PurposeRestriction, Base64Url } = await import(
  pathToFileURL(join(modules, '@iabtcf/core/lib/mjs/index.js')).href
);

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const byId = (ids, make) => Object.fromEntries(ids.map((id) => [id, make(id)]));
const named = (id) => ({ id, name: `Item ${id}`, description: '', descriptionLegal: '', illustrations: [] });
const DEFAULT_GVL_VENDORS = [...range(1, 800), 2000];
const FLEXIBLE = [2, 7, 8, 9, 10, 11];

// A synthetic GVL: every vendor declares every purpose for consent, purposes 2 and 7-11 for LI, and those
// as flexible, so the SemanticPreEncoder keeps what a spec sets and accepts restrictions of every type.
function buildGvl(spec) {
  const vendor = (id) => ({
    id, name: `Vendor ${id}`, purposes: range(1, 11), legIntPurposes: FLEXIBLE, flexiblePurposes: FLEXIBLE,
    specialPurposes: [1, 2], features: [1, 2, 3], specialFeatures: [1, 2], policyUrl: 'https://vendor.example/',
  });
  const gvl = new GVL({
    gvlSpecificationVersion: 3, vendorListVersion: spec.vendorListVersion, tcfPolicyVersion: spec.tcfPolicyVersion,
    lastUpdated: '2024-01-01T00:00:00Z', purposes: byId(range(1, 11), named),
    specialPurposes: byId([1, 2], named), features: byId([1, 2, 3], named), specialFeatures: byId([1, 2], named),
    stacks: {}, vendors: byId(spec.gvlVendorIds ?? DEFAULT_GVL_VENDORS, vendor),
  });
  if (spec.consentLanguage && spec.consentLanguage.toUpperCase() !== 'EN') {
    // A cached (empty) translation makes changeLanguage synchronous: no fetch.
    GVL.LANGUAGE_CACHE.set(spec.consentLanguage.toUpperCase(), {});
    gvl.changeLanguage(spec.consentLanguage);
  }
  return gvl;
}

function buildModel(spec) {
  const model = new TCModel(buildGvl(spec));
  model.cmpId = spec.cmpId;
  model.cmpVersion = spec.cmpVersion;
  model.consentScreen = spec.consentScreen;
  model.isServiceSpecific = spec.isServiceSpecific;
  model.useNonStandardStacks = spec.useNonStandardTexts;
  model.purposeOneTreatment = spec.purposeOneTreatment;
  model.publisherCountryCode = spec.publisherCountryCode;
  model.specialFeatureOptins.set(spec.specialFeatureOptins);
  model.purposeConsents.set(spec.purposeConsents);
  model.purposeLegitimateInterests.set(spec.purposeLegitimateInterests);
  model.vendorConsents.set(spec.vendorConsents);
  model.vendorLegitimateInterests.set(spec.vendorLegitimateInterests);
  for (const { purpose, type, vendors } of spec.publisherRestrictions) {
    for (const vendorId of vendors) model.publisherRestrictions.add(vendorId, new PurposeRestriction(purpose, type));
  }
  model.vendorsDisclosed.set(spec.vendorsDisclosed);
  model.vendorsAllowed.set(spec.vendorsAllowed);
  model.publisherConsents.set(spec.publisherConsents);
  model.publisherLegitimateInterests.set(spec.publisherLegitimateInterests);
  model.numCustomPurposes = spec.numCustomPurposes;
  model.publisherCustomConsents.set(spec.publisherCustomConsents);
  model.publisherCustomLegitimateInterests.set(spec.publisherCustomLegitimateInterests);
  model.created = new Date(spec.createdMs);
  model.lastUpdated = new Date(spec.lastUpdatedMs);
  return model;
}

const ids = (vector) => [...vector.values()].sort((a, b) => a - b);

// What the core segment's bits say about a vendor section starting at `offset`: MaxVendorId and the encoding.
function section(bits, offset) {
  return { maxId: parseInt(bits.substr(offset, 16), 2), encoding: bits[offset + 16] === '1' ? 'range' : 'bitfield' };
}

const VENDOR_CONSENTS_OFFSET = 213; // the sum of the core fields' widths before MaxVendorId

function dump(tc) {
  const m = TCString.decode(tc);
  const bits = Base64Url.decode(tc.split('.')[0]);
  const restrictions = m.publisherRestrictions.getRestrictions().map((r) => ({
    purpose: r.purposeId, type: r.restrictionType, vendors: m.publisherRestrictions.getVendors(r),
  }));
  return {
    version: m.version, createdMs: m.created.getTime(), lastUpdatedMs: m.lastUpdated.getTime(), cmpId: m.cmpId,
    cmpVersion: m.cmpVersion, consentScreen: m.consentScreen, consentLanguage: m.consentLanguage,
    vendorListVersion: m.vendorListVersion, policyVersion: m.policyVersion, isServiceSpecific: m.isServiceSpecific,
    useNonStandardStacks: m.useNonStandardStacks, specialFeatureOptins: ids(m.specialFeatureOptins),
    purposeConsents: ids(m.purposeConsents), purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    purposeOneTreatment: m.purposeOneTreatment, publisherCountryCode: m.publisherCountryCode,
    vendorConsents: ids(m.vendorConsents), vendorConsentsSection: section(bits, VENDOR_CONSENTS_OFFSET),
    vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    vendorLegitimateInterestsSection: section(bits, VENDOR_CONSENTS_OFFSET + m.vendorConsents.bitLength),
    publisherRestrictions: restrictions, vendorsDisclosed: ids(m.vendorsDisclosed), vendorsAllowed: ids(m.vendorsAllowed),
    publisherConsents: ids(m.publisherConsents), publisherLegitimateInterests: ids(m.publisherLegitimateInterests),
    numCustomPurposes: m.numCustomPurposes, publisherCustomConsents: ids(m.publisherCustomConsents),
    publisherCustomLegitimateInterests: ids(m.publisherCustomLegitimateInterests),
  };
}

const specs = JSON.parse(readFileSync(0, 'utf8'));
const out = specs.map((spec) => {
  const tc = TCString.encode(buildModel(spec), { segments: spec.segments });
  return { name: spec.name, tc, decoded: dump(tc) };
});
process.stdout.write(JSON.stringify(out));
