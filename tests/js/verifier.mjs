// Verifies credentials with Digital Bazaar's reference implementation of Data Integrity
// (@digitalbazaar/vc, the eddsa-rdfc-2022 cryptosuite and Bitstring Status List), offline: the
// contexts Tohu ships, plus the DID documents and status list credentials given.
// verifyCredentials({contextsDir, documents: {url: document}, credentials, now}) resolves to, per
// credential, {"verified", "statuses": [{"purpose", "set", "verified"}], "errors"}.
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {offlineLoader} from './loader.mjs';

// DID URLs with a fragment name a verification method inside a DID document.
export function documentLoaderFor(contextsDir, documents) {
  const baseLoader = offlineLoader(contextsDir, {}, documents);
  return async function documentLoader(url) {
    const [base, fragment] = url.split('#');
    if(fragment !== undefined && documents[base] && !documents[url]) {
      const controller = documents[base];
      const method = (controller.verificationMethod || []).find(
        vm => vm.id === url || vm.id === `#${fragment}`);
      if(!method) {
        throw new Error(`offline: ${url} is not in ${base}`);
      }
      return {contextUrl: null, documentUrl: url,
        document: {'@context': controller['@context'], ...method}};
    }
    return baseLoader(url);
  };
}

export async function verifyCredentials({contextsDir, documents = {}, credentials, now}) {
  const documentLoader = documentLoaderFor(contextsDir, documents);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const results = [];
  for(const credential of credentials) {
    const result = await vc.verifyCredential({
      credential, suite, documentLoader,
      now: now ? new Date(now) : undefined,
      checkStatus: credential.credentialStatus ? checkStatus : undefined
    });
    const statuses = (result.statusResult?.results || []).map(r => ({
      purpose: r.credentialStatus?.statusPurpose, set: r.status, verified: r.verified,
      error: r.error ? String(r.error.message || r.error) : undefined
    }));
    const errors = [];
    for(const entry of [result, ...(result.results || [])]) {
      if(entry.error) {
        errors.push(String(entry.error.message || entry.error));
        for(const nested of entry.error.errors || []) {
          errors.push(String(nested.message || nested));
        }
      }
    }
    if(result.statusResult?.error) {
      errors.push(String(result.statusResult.error.message || result.statusResult.error));
    }
    results.push({verified: result.verified, statuses, errors});
  }
  return results;
}
