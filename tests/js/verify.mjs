// Verifies credentials with Digital Bazaar's reference implementation (see verifier.mjs),
// offline. Input on stdin: {"contextsDir", "documents": {url: document}, "credentials": [...],
// "now"}. Output: per credential {"verified", "statuses": [{"purpose", "set"}], "errors"}.
import {readStdin} from './loader.mjs';
import {verifyCredentials} from './verifier.mjs';

const input = JSON.parse(await readStdin());
process.stdout.write(JSON.stringify(await verifyCredentials(input)));
