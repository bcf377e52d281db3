// Requests the gateway refuses before they reach a service, because the services' HTTP layer (Vert.x on
// Netty) would refuse them itself with a bare 400 and no body, not a problem+json answer.

// A header value with a control byte (anything below 0x20 but tab, or DEL); nginx reads and forwards such
// values, Netty's header validation does not take them. '1' when there is one, '' otherwise.
function controlInHeader(r) {
    const headers = r.rawHeadersIn;
    for (let i = 0; i < headers.length; i++) {
        const value = headers[i][1];
        for (let j = 0; j < value.length; j++) {
            const c = value.charCodeAt(j);
            if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
                return '1';
            }
        }
    }
    return '';
}

export default { controlInHeader };
