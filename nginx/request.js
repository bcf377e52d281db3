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

// Who a write is counted against for the rate limit: the subject of the bearer token when there is one (not
// verified here: the services verify it, and a forged token is refused there), the client address otherwise.
function caller(r) {
    const authorization = r.headersIn.Authorization || '';
    const parts = authorization.startsWith('Bearer ') ? authorization.substring(7).split('.') : [];
    if (parts.length === 3) {
        try {
            const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
            if (typeof claims.sub === 'string' && claims.sub.length > 0 && claims.sub.length <= 255) {
                return 'sub:' + claims.sub;
            }
        } catch (e) {
            // not a JWT: counted by address
        }
    }
    return 'addr:' + r.remoteAddress;
}

export default { controlInHeader, caller };
