package clinic.http;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every instant a service writes, in responses and events alike, is UTC with whole seconds; and a JSON document
 * read is one document: anything after it (a second value, a stray bracket) fails the read instead of being
 * ignored, so a body that is not JSON is never taken for the part of it that is.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    /** After Quarkus' own customizer, whose Java-time module would otherwise take over Instant again. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("clinic-times");
        module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(Times.format(value));
            }
        });
        mapper.registerModule(module);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
