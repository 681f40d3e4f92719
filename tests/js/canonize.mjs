// Canonicalizes JSON-LD documents with jsonld.js and rdf-canonize (RDFC-1.0), exactly as the
// eddsa-rdfc-2022 cryptosuite does (safe mode, rdfDirection i18n-datatype), offline over the
// contexts Tohu ships. Reads {"contextsDir", "extraContexts", "documents"} as JSON on stdin and
// writes one {"canonical"} or {"error"} per document.
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import {offlineLoader, readStdin} from './loader.mjs';

const input = JSON.parse(await readStdin());
const documentLoader = offlineLoader(input.contextsDir, input.extraContexts || {});
const results = [];
for(const document of input.documents) {
  try {
    const dataset = await jsonld.toRDF(document, {
      documentLoader, safe: true, base: null, rdfDirection: 'i18n-datatype',
      produceGeneralizedRdf: false
    });
    const canonical = await rdfCanonize.canonize(dataset, {
      algorithm: 'RDFC-1.0', format: 'application/n-quads'
    });
    results.push({canonical});
  } catch(error) {
    results.push({error: String(error.message || error), code: error.details?.event?.code});
  }
}
process.stdout.write(JSON.stringify(results));
