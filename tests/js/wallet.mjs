// Plays a learner's wallet in a VC-API exchange, as the Digital Credentials Consortium's Learner
// Credential Wallet does, with Digital Bazaar's libraries: a fresh did:key (Ed25519), a DID
// authentication presentation signed with Ed25519Signature2020 for the exchange's challenge and
// domain, and the credentials received checked with the independent verifier (verifier.mjs).
// Input on stdin (JSON), by "action":
//   "collect": {"deepLink"}: parse the deep link (?request={..."protocols": {"vcapi": URL}}),
//     POST {} to the exchange, sign the presentation asked for, POST it, fetch the issuers' DID
//     documents (did:web) and status lists from the same server, verify what was received.
//     Output: {"request", "holder", "answer", "status", "verdicts"}.
//   "sign": {"request": <verifiablePresentationRequest>, "challenge"?, "domain"?, "version"?}:
//     sign a DID authentication presentation (the challenge or domain may be overridden, to test
//     refusals) without sending it. Output: {"holder", "presentation"}.
//   "issue": {"credential"}: sign it as another issuer would (a fresh did:key as issuer,
//     Ed25519Signature2020, assertionMethod). Output: the signed credential.
// Contexts are the ones Tohu ships (loader.mjs); nothing else is fetched but the exchange's own
// server.
import * as vc from '@digitalbazaar/vc';
import * as didKey from '@digitalbazaar/did-method-key';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {offlineLoader, readStdin} from './loader.mjs';
import {verifyCredentials} from './verifier.mjs';

const input = JSON.parse(await readStdin());
const contextsLoader = offlineLoader(input.contextsDir);

const didKeyDriver = didKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519VerificationKey2020.from
});

async function documentLoader(url) {
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  }
  return contextsLoader(url);
}

async function signDidAuth({challenge, domain, version = 1.0}) {
  const key = await Ed25519VerificationKey2020.generate();
  const {didDocument} = await didKeyDriver.fromKeyPair({verificationKeyPair: key});
  const {id: methodId} = didKeyDriver.publicMethodFor({didDocument, purpose: 'authentication'});
  key.controller = didDocument.id;
  key.id = methodId;
  const presentation = vc.createPresentation({holder: didDocument.id, version});
  const signed = await vc.signPresentation({
    presentation, suite: new Ed25519Signature2020({key}), challenge, domain, documentLoader
  });
  return {holder: didDocument.id, presentation: signed};
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify(body)
  });
  return {status: response.status, body: await response.json()};
}

// did:web:<host>:<path...> -> <scheme>://<host>/<path>/did.json, over the exchange's own scheme
function didWebUrl(did, scheme) {
  const [, , host, ...path] = did.split(':');
  const where = path.length ? `/${path.map(decodeURIComponent).join('/')}/did.json` :
    '/.well-known/did.json';
  return `${scheme}//${decodeURIComponent(host)}${where}`;
}

async function getJson(url) {
  const response = await fetch(url, {headers: {Accept: 'application/json'}});
  if(response.status !== 200) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

async function collect({deepLink, version}) {
  const request = JSON.parse(new URL(deepLink).searchParams.get('request'));
  const exchangeUrl = request.protocols.vcapi;
  const scheme = new URL(exchangeUrl).protocol;
  const first = await postJson(exchangeUrl, {});
  if(first.status !== 200) {
    return {request, status: first.status, answer: first.body};
  }
  const vpr = first.body.verifiablePresentationRequest;
  const {holder, presentation} = await signDidAuth(
    {challenge: vpr.challenge, domain: vpr.domain, version});
  const second = await postJson(exchangeUrl, {verifiablePresentation: presentation});
  const result = {request, vpr, holder, presentation, status: second.status, answer: second.body};
  if(second.status !== 200) {
    return result;
  }
  const credentials = second.body.verifiablePresentation.verifiableCredential;
  const documents = {};
  for(const credential of credentials) {
    const issuer = credential.issuer.id || credential.issuer;
    documents[issuer] = await getJson(didWebUrl(issuer, scheme));
    const entries = [].concat(credential.credentialStatus || []);
    for(const entry of entries) {
      documents[entry.statusListCredential] = await getJson(entry.statusListCredential);
    }
  }
  result.verdicts = await verifyCredentials(
    {contextsDir: input.contextsDir, documents, credentials});
  return result;
}

let output;
if(input.action === 'collect') {
  output = await collect(input);
} else if(input.action === 'sign') {
  const vpr = input.request;
  output = await signDidAuth({
    challenge: input.challenge ?? vpr.challenge, domain: input.domain ?? vpr.domain,
    version: input.version
  });
} else if(input.action === 'issue') {
  // another issuer's credential, as DCC issuers sign theirs: Ed25519Signature2020, did:key
  const key = await Ed25519VerificationKey2020.generate();
  const {didDocument} = await didKeyDriver.fromKeyPair({verificationKeyPair: key});
  const {id: methodId} = didKeyDriver.publicMethodFor({didDocument, purpose: 'assertionMethod'});
  key.controller = didDocument.id;
  key.id = methodId;
  const credential = {...input.credential, issuer: {...input.credential.issuer, id: didDocument.id}};
  output = await vc.issue({credential, suite: new Ed25519Signature2020({key}), documentLoader});
} else {
  throw new Error(`unknown action ${input.action}`);
}
process.stdout.write(JSON.stringify(output));
