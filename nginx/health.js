// GET /health: 200 only when all four services report ready, with each service's own answer. Warnings a
// service's checks carry while up (e.g. pending dead letters) are gathered under "warnings": they never make
// the gateway unhealthy, but whoever looks at /health sees them without reading every check.
const SERVICES = ['appointment', 'doctor-availability', 'patient-contact', 'notifications'];

async function health(r) {
    const replies = await Promise.all(SERVICES.map(
        (service) => r.subrequest('/_ready/' + service).catch(() => ({ status: 502, responseText: '' }))));
    const body = { status: 'UP', services: {} };
    const warnings = [];
    replies.forEach((reply, i) => {
        let checks = [];
        try {
            const parsed = JSON.parse(reply.responseText).checks;
            checks = Array.isArray(parsed) ? parsed : [];
        } catch (e) {
            // not a health answer: the service is down or not ours
        }
        const up = reply.status === 200;
        body.services[SERVICES[i]] = { status: up ? 'UP' : 'DOWN', http_status: reply.status, checks: checks };
        checks.forEach((check) => {
            if (check && check.data && check.data.warning) {
                warnings.push(SERVICES[i] + ': ' + check.data.warning);
            }
        });
        if (!up) {
            body.status = 'DOWN';
        }
    });
    if (warnings.length > 0) {
        body.warnings = warnings;
    }
    r.headersOut['Content-Type'] = 'application/json';
    r.return(body.status === 'UP' ? 200 : 503, JSON.stringify(body));
}

export default { health };
