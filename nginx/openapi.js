// GET /openapi: the four services' OpenAPI documents as one, for tools that take a single document (client
// generators, validating proxies). Paths, tags and components are joined; a component two services name alike
// but define differently is renamed <Service><Name> in the document of the second, so neither is lost. The
// per-service documents stay at /openapi/<service>.
const SERVICES = ['appointment', 'doctor-availability', 'patient-contact', 'notifications'];
const SECTIONS = ['schemas', 'headers', 'securitySchemes', 'responses', 'parameters'];

function prefix(service) {
    return service.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function join(documents) {
    const merged = {
        openapi: documents[0].doc.openapi,
        info: {
            title: 'Clinic scheduling',
            version: documents[0].doc.info.version,
            description: 'Every service of the clinic scheduling system behind the gateway: '
                + documents.map((d) => d.service).join(', ') + '. Each service\'s own document is at'
                + ' /openapi/<service>.',
        },
        servers: documents[0].doc.servers,
        tags: [],
        paths: {},
        components: {},
    };
    const tags = {};
    documents.forEach((document) => {
        const service = document.service;
        let source = document.text;
        const doc = JSON.parse(source);
        const renames = [];
        SECTIONS.forEach((section) => {
            const own = (doc.components || {})[section] || {};
            const have = merged.components[section] || {};
            Object.keys(own).forEach((name) => {
                if (have[name] !== undefined && JSON.stringify(have[name]) !== JSON.stringify(own[name])) {
                    renames.push({ section: section, name: name, to: prefix(service) + name });
                    source = source.split('"#/components/' + section + '/' + name + '"')
                        .join('"#/components/' + section + '/' + prefix(service) + name + '"');
                }
            });
        });
        const renamed = JSON.parse(source);
        renames.forEach((rename) => {
            const own = renamed.components[rename.section];
            own[rename.to] = own[rename.name];
            delete own[rename.name];
        });
        SECTIONS.forEach((section) => {
            const own = (renamed.components || {})[section];
            if (own) {
                const joined = merged.components[section] || {};
                Object.keys(own).forEach((name) => {
                    if (joined[name] === undefined) {
                        joined[name] = own[name];
                    }
                });
                merged.components[section] = joined;
            }
        });
        Object.keys(renamed.paths || {}).forEach((path) => {
            if (merged.paths[path] === undefined) {
                merged.paths[path] = renamed.paths[path];
            }
        });
        (renamed.tags || []).forEach((tag) => {
            if (!tags[tag.name]) {
                tags[tag.name] = true;
                merged.tags.push(tag);
            }
        });
    });
    return merged;
}

async function merged(r) {
    const replies = await Promise.all(SERVICES.map(
        (service) => r.subrequest('/openapi/' + service, { args: 'format=json' })
            .catch(() => ({ status: 502, responseText: '' }))));
    const missing = SERVICES.filter((service, i) => replies[i].status !== 200);
    if (missing.length > 0) {
        r.headersOut['Content-Type'] = 'application/problem+json';
        r.return(503, JSON.stringify({ type: 'about:blank', title: 'Service unavailable', status: 503,
            detail: 'The OpenAPI document of ' + missing.join(', ') + ' could not be read; try again shortly.' }));
        return;
    }
    const documents = SERVICES.map((service, i) => ({ service: service, text: replies[i].responseText,
        doc: JSON.parse(replies[i].responseText) }));
    r.headersOut['Content-Type'] = 'application/json';
    r.return(200, JSON.stringify(join(documents)));
}

export default { merged, join };
