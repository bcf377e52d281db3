package clinic.appointment.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR resources as request and answer bodies, in {@code application/fhir+json} (and plain JSON, which FHIR
 * clients may send too). Only FHIR resource types are read or written here: the REST API's records stay Jackson's.
 */
@Provider
@Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
@Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
public class FhirBodies implements MessageBodyReader<IBaseResource>, MessageBodyWriter<IBaseResource> {

    private final FhirJson json;

    public FhirBodies(FhirJson json) {
        this.json = json;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public IBaseResource readFrom(Class<IBaseResource> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return json.read(type, new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(IBaseResource resource, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(json.write(resource).getBytes(StandardCharsets.UTF_8));
    }
}
