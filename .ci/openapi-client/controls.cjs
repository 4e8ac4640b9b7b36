// Controls for the Prism validation in .ci/checks/openapi-client.sh: Prism passes an answer unchecked when it
// cannot compile a schema (a duplicate enum value, say), so a broken schema would make the tour's validation
// silently pass. Every JSON answer the document declares is fed a body of the wrong type (a number) through
// Prism's own validator; each must be rejected. Usage: node controls.cjs <openapi.yml>
const { getHttpOperationsFromSpec } = require('@stoplight/prism-cli/dist/operations');
const { validateOutput } = require('@stoplight/prism-http/dist/validator');

(async () => {
  const operations = await getHttpOperationsFromSpec(process.argv[2]);
  const unchecked = [];
  let checked = 0;
  for (const operation of operations) {
    for (const response of operation.responses) {
      for (const content of response.contents || []) {
        if (!/json/.test(content.mediaType) || !content.schema || content.schema.type !== 'object') continue;
        const status = /^\d+$/.test(response.code) ? Number(response.code) : 200;
        const result = validateOutput({
          resource: operation,
          element: { statusCode: status, headers: { 'content-type': content.mediaType }, body: 12345 },
        });
        checked++;
        if (result._tag !== 'Left') unchecked.push(`${operation.method.toUpperCase()} ${operation.path} ${response.code} ${content.mediaType}`);
      }
    }
  }
  if (checked < 40 || unchecked.length > 0) {
    console.error(`Prism does not validate these answers (${checked} checked): ${unchecked.join('; ') || 'too few'}`);
    process.exit(1);
  }
  console.log(`controls: Prism rejects a wrong body for each of the ${checked} JSON answers declared`);
})().catch((e) => { console.error(e); process.exit(1); });
