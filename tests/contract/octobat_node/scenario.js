'use strict';
// Drives the official Octobat v2 Node client (octobat-npm 2.0.1) against a Billbook server.
//
//   node scenario.js <v2 base URL, e.g. http://127.0.0.1:8000/octobat/v2> <API key> <scenario | JSON steps>
//
// A step is [method, ...arguments], e.g. ["customers.retrieve", "$0.id"]; a string "$N.a.b" stands
// for field a.b of step N's result. Prints one JSON document to stdout:
//   {"results": [{"call": ..., "result": ...} or {"call": ..., "error": {type, message, raw, ...}}]}
var http = require('http');
var Octobat = require('octobat-npm');

var SCENARIOS = {
  // The seed's create, retrieve and update (email change) examples.
  seed: [
    ['customers.create', {
      email: 'contact@octobat.com', name: 'Octobat Inc.', phone_number: '+33 9 52 54 03 70',
      billing_address_zip: '75004', billing_address_city: 'Paris', billing_address_country: 'France',
      business_type: 'B2B', tax_number: 'FR60528551658'}],
    ['customers.retrieve', '$0.id'],
    ['customers.update', '$0.id', {email: 'admin@octobat.com'}],
    ['customers.retrieve', '$0.id'],
  ],
};

// The client logs every error message with console.log: keep stdout for the result alone.
console.log = console.error;

function client(baseUrl, key) {
  var url = new URL(baseUrl);
  var octobat = Octobat(key);
  octobat._setApiField('host', url.hostname);
  octobat._setApiField('port', url.port || 80);
  octobat._setApiField('protocol', url.protocol.replace(':', ''));
  octobat._setApiField('basePath', url.pathname.replace(/\/?$/, '/'));
  // The client writes a request's body on the socket's 'connect' event, which a reused keep-alive
  // socket (Node 19+'s default agent) never fires again: one connection per request.
  octobat._setApiField('agent', new http.Agent({keepAlive: false}));
  octobat._prepResources(); // resources read basePath when built
  return octobat;
}

function resolve(value, results) {
  var ref = typeof value === 'string' && /^\$(\d+)((?:\.\w+)*)$/.exec(value);
  if (ref) {
    return ref[2].split('.').slice(1).reduce(function(found, key) {
      return found == null ? undefined : found[key];
    }, (results[Number(ref[1])] || {}).result);
  }
  if (Array.isArray(value)) return value.map(function(item) { return resolve(item, results); });
  if (value && typeof value === 'object') {
    var resolved = {};
    Object.keys(value).forEach(function(key) { resolved[key] = resolve(value[key], results); });
    return resolved;
  }
  return value;
}

function describe(error) {
  return {type: error.type || error.name, message: error.message, raw: error.raw, param: error.param,
          detail: error.detail && String(error.detail)};
}

async function main(argv) {
  var octobat = client(argv[0], argv[1]);
  var steps = SCENARIOS[argv[2]] || JSON.parse(argv[2]);
  var results = [];
  for (var step of steps) {
    var call = step[0];
    var names = call.split('.');
    var resource = octobat[names[0]];
    try {
      var args = resolve(step.slice(1), results);
      results.push({call: call, result: await resource[names[1]].apply(resource, args)});
    } catch (error) {
      results.push({call: call, error: describe(error)});
    }
  }
  process.stdout.write(JSON.stringify({results: results}) + '\n');
}

main(process.argv.slice(2)).catch(function(error) {
  console.error(error);
  process.exit(1);
});
