// GET /health: 200 only when all four services report ready, with each service's own answer.
const SERVICES = ['appointment', 'doctor-availability', 'patient-contact', 'notifications'];

async function health(r) {
    const replies = await Promise.all(SERVICES.map(
        (service) => r.subrequest('/_ready/' + service).catch(() => ({ status: 502, responseText: '' }))));
    const body = { status: 'UP', services: {} };
    replies.forEach((reply, i) => {
        let checks = [];
        try {
            checks = JSON.parse(reply.responseText).checks || [];
        } catch (e) {
            // not a health answer: the service is down or not ours
        }
        const up = reply.status === 200;
        body.services[SERVICES[i]] = { status: up ? 'UP' : 'DOWN', http_status: reply.status, checks: checks };
        if (!up) {
            body.status = 'DOWN';
        }
    });
    r.headersOut['Content-Type'] = 'application/json';
    r.return(body.status === 'UP' ? 200 : 503, JSON.stringify(body));
}

export default { health };
