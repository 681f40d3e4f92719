// An offline JSON-LD document loader over the contexts Tohu ships (tohu/credentials/contexts),
// plus any given to it; anything else is refused, never fetched.
import fs from 'node:fs';
import path from 'node:path';

export function offlineLoader(contextsDir, extra = {}, documents = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(contextsDir, 'manifest.json'), 'utf8'));
  const known = new Map();
  for(const entry of manifest) {
    known.set(entry.url, JSON.parse(fs.readFileSync(path.join(contextsDir, entry.file), 'utf8')));
  }
  for(const [url, document] of Object.entries({...extra, ...documents})) {
    known.set(url, document);
  }
  return async function documentLoader(url) {
    const withoutFragment = url.split('#')[0];
    const document = known.get(url) || known.get(withoutFragment);
    if(!document) {
      throw new Error(`offline: ${url} is not available`);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

export async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
