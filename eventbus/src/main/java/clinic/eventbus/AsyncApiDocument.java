package clinic.eventbus;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI 3.0 document of the event catalogue ({@link EventType}, {@link EventStream}, the payload records
 * and the CloudEvents envelope {@link EventCodec} writes), and a page that renders it for people. Both are build
 * output, never kept in the source tree: eventbus' build runs {@link #main} to write them as one nginx module,
 * {@code eventbus/target/event-docs.js}, which the gateway serves ({@code scripts/render-nginx.sh} copies it; the
 * system tests compare what the gateway serves with {@link #generate()}).
 */
public final class AsyncApiDocument {

    static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private AsyncApiDocument() {
    }

    /** Writes the nginx module serving the document and its page to the file given. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AsyncApiDocument <nginx module to write>");
        }
        ObjectNode document = generate();
        Path module = Path.of(args[0]);
        Files.createDirectories(module.toAbsolutePath().getParent());
        Files.writeString(module, nginxModule(json(document), html(document)), StandardCharsets.UTF_8);
    }

    public static ObjectNode generate() {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Clinic scheduling events");
        info.put("version", "1.0.0");
        info.put("description", "Every event the services exchange over NATS JetStream. Each is a CloudEvent 1.0 in"
                + " structured JSON mode, published on the subject that equals its type, once (the outbox relay"
                + " publishes with Nats-Msg-Id = id) and consumed by durable consumers <service>-<STREAM> that"
                + " apply each id once. Streams: " + streams() + ". A consumer that gives up on a message after its"
                + " retries copies it to deadletter.<service>.");
        ObjectNode servers = doc.putObject("servers");
        ObjectNode nats = servers.putObject("nats");
        nats.put("host", "localhost:4222");
        nats.put("protocol", "nats");
        nats.put("description", "NATS with JetStream (./clinic up; monitoring on 8222, loopback only). No"
                + " anonymous client: each service is a user of its own, allowed what this document says it does.");
        nats.putArray("security").addObject().put("$ref", "#/components/securitySchemes/natsNKey");
        doc.put("defaultContentType", CONTENT_TYPE);

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEvent", envelope());
        ObjectNode user = components.putObject("securitySchemes").putObject("natsNKey");
        user.put("type", "asymmetricEncryption");
        user.put("description", "Each service connects as its own NATS user, known by an NKey (the server's"
                + " challenge signed with an Ed25519 seed made at first start, never in the repository). Its"
                + " permissions are generated from this catalogue (clinic.eventbus.NatsAccess): it publishes only the"
                + " events it sends here, its own dead letters and answers to the questions it is asked; it receives"
                + " only through its own durable consumers; it manages only the streams it publishes to; it reads"
                + " replies only under its own inbox prefix (_INBOX_<service>), so no other user reads them. Patient"
                + " contact details travel sealed under the patient's own key, which erasure destroys.");

        for (EventType type : EventType.values()) {
            String id = type.subject();
            ObjectNode channel = channels.putObject(id);
            channel.put("address", type.subject());
            channel.put("title", type.subject());
            channel.put("description", type.description() + " Stream " + type.stream().name() + ".");
            channel.putObject("messages").putObject(id).put("$ref", "#/components/messages/" + id);

            ObjectNode message = messages.putObject(id);
            message.put("name", type.subject());
            message.put("title", type.subject());
            message.put("summary", type.description());
            message.put("contentType", CONTENT_TYPE);
            message.putObject("correlationId").put("description", "The request that caused it, across every"
                    + " event it led to").put("location", "$message.payload#/correlationid");
            ObjectNode payload = message.putObject("payload");
            ArrayNode allOf = payload.putArray("allOf");
            allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
            ObjectNode specific = allOf.addObject();
            specific.put("type", "object");
            ObjectNode properties = specific.putObject("properties");
            properties.putObject("type").put("const", type.subject());
            properties.putObject("data").put("$ref", "#/components/schemas/" + recordSchema(type.payload(), schemas));

            operation(operations, type.publisher() + ".sends." + id, "send", id, type.publisher()
                    + " publishes it (from its transactional outbox)");
            for (String consumer : type.consumers()) {
                operation(operations, consumer + ".receives." + id, "receive", id, consumer + " consumes it"
                        + " (durable consumer " + type.stream().durableName(consumer) + ")");
            }
        }
        deadLetters(channels, operations, messages, schemas);
        return doc;
    }

    private static String streams() {
        List<String> names = new ArrayList<>();
        for (EventStream stream : EventStream.values()) {
            names.add(stream.name() + " (" + stream.wildcard() + ")");
        }
        return String.join(", ", names);
    }

    private static void operation(ObjectNode operations, String id, String action, String channel, String summary) {
        ObjectNode operation = operations.putObject(id);
        operation.put("action", action);
        operation.putObject("channel").put("$ref", "#/channels/" + channel);
        operation.put("summary", summary);
        operation.putArray("security").addObject().put("$ref", "#/components/securitySchemes/natsNKey");
        operation.putArray("messages").addObject().put("$ref", "#/channels/" + channel + "/messages/" + channel);
    }

    private static void deadLetters(ObjectNode channels, ObjectNode operations, ObjectNode messages,
            ObjectNode schemas) {
        String id = "deadletter";
        ObjectNode channel = channels.putObject(id);
        channel.put("address", "deadletter.{service}");
        channel.put("title", "deadletter.<service>");
        channel.put("description", "A message a service's consumer gave up on, with where it came from and the last"
                + " error; ./clinic deadletters lists and replays them. Stream DEADLETTER.");
        ObjectNode service = channel.putObject("parameters").putObject("service");
        ArrayNode names = service.putArray("enum");
        EventType.Services.ALL.forEach(names::add);
        service.put("description", "The service whose consumer gave up");
        channel.putObject("messages").putObject(id).put("$ref", "#/components/messages/" + id);
        ObjectNode message = messages.putObject(id);
        message.put("name", "deadletter");
        message.put("title", "deadletter.<service>");
        message.put("contentType", CONTENT_TYPE);
        ObjectNode payload = message.putObject("payload");
        ArrayNode allOf = payload.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
        allOf.addObject().put("type", "object").putObject("properties").putObject("data")
                .put("$ref", "#/components/schemas/" + recordSchema(clinic.eventbus.payload.DeadLetterData.class,
                        schemas));
        for (String name : EventType.Services.ALL) {
            operation(operations, name + ".sends." + id, "send", id, name + " copies a message it gave up on");
        }
    }

    /** The CloudEvents attributes {@link EventCodec} writes. */
    private static ObjectNode envelope() {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        schema.put("description", "A CloudEvent 1.0, structured JSON mode");
        ArrayNode required = schema.putArray("required");
        List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data",
                "correlationid").forEach(required::add);
        ObjectNode p = schema.putObject("properties");
        p.putObject("specversion").put("type", "string").put("const", "1.0");
        p.putObject("id").put("type", "string").put("format", "uuid")
                .put("description", "Unique per event; also the Nats-Msg-Id, so a republished event is dropped");
        p.putObject("source").put("type", "string").put("format", "uri-reference")
                .put("description", "/clinic/<service> of the publisher");
        ((ObjectNode) p.get("source")).putArray("examples").add("/clinic/appointment");
        p.putObject("type").put("type", "string").put("description", "The NATS subject the event is published on");
        p.putObject("subject").put("type", "string")
                .put("description", "The aggregate: the appointment id, or the patient or doctor id");
        p.putObject("time").put("type", "string").put("format", "date-time");
        p.putObject("datacontenttype").put("type", "string").put("const", "application/json");
        p.putObject("data").put("type", "object");
        p.putObject(EventCodec.CORRELATION_ID).put("type", "string")
                .put("description", "Extension: the id shared by everything one request caused");
        p.putObject(EventCodec.CAUSATION_ID).put("type", "string")
                .put("description", "Extension: the id of the event this one answers, if any");
        p.putObject(EventCodec.ACTOR).put("type", "string")
                .put("description", "Extension: the token subject of the request, or service:<name>");
        p.putObject("traceparent").put("type", "string").put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
                .put("description", "Extension (CloudEvents distributed tracing): the W3C trace context of the"
                        + " span that published it; consumers continue the trace");
        p.putObject("tracestate").put("type", "string")
                .put("description", "Extension (CloudEvents distributed tracing): W3C tracestate, when any");
        return schema;
    }

    /** The JSON schema of a payload record as Jackson writes it (snake_case, nulls left out); its name. */
    private static String recordSchema(Class<?> record, ObjectNode schemas) {
        String name = record.getSimpleName();
        if (schemas.has(name)) {
            return name;
        }
        ObjectNode schema = schemas.putObject(name);
        schema.put("type", "object");
        Schema doc = record.getAnnotation(Schema.class);
        if (doc != null && !doc.description().isEmpty()) {
            schema.put("description", doc.description());
        }
        ObjectNode properties = schema.putObject("properties");
        List<String> required = new ArrayList<>();
        boolean snake = record.isAnnotationPresent(com.fasterxml.jackson.databind.annotation.JsonNaming.class);
        for (RecordComponent component : record.getRecordComponents()) {
            String field = snake ? SNAKE.translate(component.getName()) : component.getName();
            ObjectNode property = type(component.getGenericType(), schemas);
            Schema about = component.getAnnotation(Schema.class);
            if (about != null && !about.description().isEmpty()) {
                property.put("description", about.description());
            }
            properties.set(field, property);
            if (component.getType().isPrimitive()) {
                required.add(field);
            }
        }
        if (!required.isEmpty()) {
            ArrayNode list = schema.putArray("required");
            required.forEach(list::add);
        }
        return name;
    }

    private static ObjectNode type(Type type, ObjectNode schemas) {
        ObjectNode schema = JSON.objectNode();
        if (type == String.class) {
            schema.put("type", "string");
        } else if (type == Instant.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            schema.put("type", "integer");
        } else if (type == boolean.class || type == Boolean.class) {
            schema.put("type", "boolean");
        } else if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class) {
            schema.put("type", "object");
            schema.set("additionalProperties", type(parameterized.getActualTypeArguments()[1], schemas));
        } else if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            schema.put("type", "array");
            schema.set("items", type(parameterized.getActualTypeArguments()[0], schemas));
        } else if (type instanceof Class<?> c && c.isRecord()) {
            schema.put("$ref", "#/components/schemas/" + recordSchema(c, schemas));
        } else {
            throw new IllegalArgumentException("no schema for " + type + ": extend AsyncApiDocument.type");
        }
        return schema;
    }

    static String json(ObjectNode document) throws Exception {
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
    }

    /**
     * The nginx module that serves both (njs): the gateway's workers may not be allowed to read files under the
     * directory the gateway runs from (a private home, a 0700 temporary directory), but a module is read by the
     * master when the configuration loads.
     */
    static String nginxModule(String json, String html) {
        return "// Generated from the event catalogue by eventbus' build (clinic.eventbus.AsyncApiDocument); do not edit.\n"
                + "// GET /asyncapi (AsyncAPI 3.0) and GET /docs/events (the same catalogue as a page).\n"
                + "const DOCUMENT = " + json.strip() + ";\n\n"
                + "const PAGE = " + JSON.textNode(html) + ";\n\n"
                + "function asyncapi(r) {\n"
                + "    r.headersOut['Content-Type'] = 'application/json';\n"
                + "    r.return(200, JSON.stringify(DOCUMENT, null, 2));\n"
                + "}\n\n"
                + "function page(r) {\n"
                + "    r.headersOut['Content-Type'] = 'text/html; charset=utf-8';\n"
                + "    r.return(200, PAGE);\n"
                + "}\n\n"
                + "export default { asyncapi, page };\n";
    }

    /** The catalogue as a page: per stream, each event with publisher, consumers, meaning and payload fields. */
    static String html(ObjectNode document) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Clinic scheduling events</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem;color:#1d2733}\n")
                .append("table{border-collapse:collapse;width:100%;margin-bottom:2rem}\n")
                .append("th,td{border:1px solid #c9d2dc;padding:.4rem .6rem;text-align:left;vertical-align:top}\n")
                .append("th{background:#eef2f6}code{font-size:.95em}.fields{font-size:.9em;color:#3b4754}\n")
                .append("</style>\n</head>\n<body>\n<h1>Clinic scheduling events</h1>\n<p>")
                .append(escape(document.path("info").path("description").asText()))
                .append("</p>\n<p>Machine-readable: <a href=\"/asyncapi\">/asyncapi</a> (AsyncAPI 3.0).</p>\n");
        ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
        for (EventStream stream : EventStream.values()) {
            if (stream == EventStream.DEADLETTER) {
                continue;
            }
            page.append("<h2>").append(stream.name()).append(" <code>").append(stream.wildcard())
                    .append("</code></h2>\n<table>\n<tr><th>event</th><th>published by</th><th>consumed by</th>")
                    .append("<th>meaning</th><th>data</th></tr>\n");
            for (EventType type : EventType.values()) {
                if (type.stream() != stream) {
                    continue;
                }
                page.append("<tr><td><code>").append(type.subject()).append("</code></td><td>")
                        .append(type.publisher()).append("</td><td>")
                        .append(type.consumers().isEmpty() ? "&mdash;" : String.join(", ", type.consumers()))
                        .append("</td><td>").append(escape(type.description())).append("</td><td class=\"fields\">")
                        .append(fields(schemas, type.payload().getSimpleName())).append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        page.append("<h2>DEADLETTER <code>deadletter.&gt;</code></h2>\n<p>")
                .append(escape(document.path("channels").path("deadletter").path("description").asText()))
                .append("</p>\n<h2>Envelope</h2>\n<table>\n<tr><th>attribute</th><th>meaning</th></tr>\n");
        document.path("components").path("schemas").path("CloudEvent").path("properties").fields()
                .forEachRemaining(e -> page.append("<tr><td><code>").append(e.getKey()).append("</code></td><td>")
                        .append(escape(e.getValue().path("description").asText(e.getValue().path("type").asText())))
                        .append("</td></tr>\n"));
        page.append("</table>\n</body>\n</html>\n");
        return page.toString();
    }

    private static String fields(ObjectNode schemas, String name) {
        List<String> fields = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        schemas.path(name).path("properties").fields().forEachRemaining(e -> seen.put(e.getKey(),
                e.getValue().has("$ref") ? e.getValue().get("$ref").asText().replace("#/components/schemas/", "")
                        : e.getValue().path("type").asText()));
        seen.forEach((field, type) -> fields.add("<code>" + field + "</code> " + type));
        return String.join(", ", fields);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
