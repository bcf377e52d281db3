package clinic.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending exactly the bytes given: request targets with
 * any %-escapes, header values with control bytes, bodies that are not UTF-8. An HTTP client library would
 * refuse or repair most of what the bad-input tests need to send.
 */
final class RawHttp {

    /** One header as sent; the value's chars are written as ISO-8859-1 bytes, so any byte can be sent. */
    record Header(String name, String value) {
    }

    /** The status, the headers (names in lower case, the last of repeated ones) and the body as received. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request to 127.0.0.1:{@code port}. A Content-Length is added for a body unless a header of that
     * name is given. The server may answer before it has read a large body (413): the answer is read anyway.
     */
    static Answer send(int port, String method, String target, List<Header> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(45_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, method + " " + target + " HTTP/1.1\r\n");
            write(head, "Host: 127.0.0.1:" + port + "\r\n");
            write(head, "Connection: close\r\n");
            boolean lengthGiven = false;
            for (Header header : headers) {
                lengthGiven |= header.name().equalsIgnoreCase("Content-Length");
                write(head, header.name() + ": " + header.value() + "\r\n");
            }
            if (body != null && !lengthGiven) {
                write(head, "Content-Length: " + body.length + "\r\n");
            }
            write(head, "\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException answeredEarly) {
                // e.g. 413: the gateway answered and stopped reading; its answer is still there to read
            }
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, body);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the answer ended within a line: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
