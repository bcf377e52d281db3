// Requests the gateway refuses before they reach a service, because the services' HTTP layer (Vert.x on
// Netty) would refuse them itself with a bare 400 and no body, not a problem+json answer.

// A header value with a control byte (anything below 0x20 but tab, or DEL); nginx reads and forwards such
// values, Netty's header validation does not take them. '1' when there is one, '' otherwise.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

function controlInHeader(r) {
    const headers = r.rawHeadersIn;
    for (let i = 0; i < headers.length; i++) {
        // One regular expression per value, not a loop over its characters: a bearer token is over a kilobyte,
        // and a character loop in njs cost more CPU than everything else nginx does for a request.
        if (CONTROL.test(headers[i][1])) {
            return '1';
        }
    }
    return '';
}

// The W3C trace context the services continue: the client's traceparent when it sent a valid one, else a new
// trace (its id is the request id nginx makes, 32 random hex digits) with a span id of its own, sampled.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
function traceparent(r) {
    const given = TRACEPARENT.exec(r.headersIn.traceparent || '');
    if (given && !/^0+$/.test(given[1]) && !/^0+$/.test(given[2])) {
        return given[0];
    }
    let span = '';
    while (span.length < 16) {
        span += ('0000000' + Math.floor(Math.random() * 0x100000000).toString(16)).slice(-8);
    }
    return '00-' + r.variables.request_id + '-' + span.substring(0, 16) + '-01';
}

// The client's tracestate goes with its traceparent only: with a new trace it would describe another one.
function tracestate(r) {
    return traceparent(r) === r.headersIn.traceparent ? (r.headersIn.tracestate || '') : '';
}

export default { controlInHeader, traceparent, tracestate };
